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

    /// <summary>Networks that name a Weights file, with their attribute's location.</summary>
    public const string WeightsRequests = nameof(WeightsRequests);

    /// <summary>The distinct Weights file names all networks request.</summary>
    public const string WeightsFileNames = nameof(WeightsFileNames);

    /// <summary>The additional files those names match, read and checked.</summary>
    public const string WeightsFiles = nameof(WeightsFiles);

    /// <summary>Each request with the files its name matches.</summary>
    public const string WeightsMatch = nameof(WeightsMatch);

    /// <summary>Each network with its trained parameters, or the diagnostics about its file.</summary>
    public const string Baked = nameof(Baked);

    /// <summary>The networks with their trained parameters, the input of their source output.</summary>
    public const string BakedNetworks = nameof(BakedNetworks);
}
