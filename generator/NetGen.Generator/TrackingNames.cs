namespace NetGen.Generator;

/// <summary>The names of the pipeline steps, so that tests can check each is cached.</summary>
public static class TrackingNames
{
    /// <summary>Attribute data parsed into a model and its diagnostics.</summary>
    public const string Parse = nameof(Parse);

    /// <summary>The models of valid networks, the input of source output.</summary>
    public const string Networks = nameof(Networks);

    /// <summary>The diagnostics, the input of diagnostic output.</summary>
    public const string Diagnostics = nameof(Diagnostics);

    /// <summary>The valid networks once each, with their unique file names: the input of source output.</summary>
    public const string NamedNetworks = nameof(NamedNetworks);
}
