using System;
using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace NetGen.Testing;

/// <summary>How <see cref="NetGenGenerator.Run(string, GeneratorRunOptions?)"/> compiles the source.</summary>
public sealed class GeneratorRunOptions
{
    /// <summary>
    /// The C# version of the source and generated code; by default the latest the compiler knows (at least 12, which the
    /// generated inline arrays need). The compiler is the Microsoft.CodeAnalysis.CSharp the test runs with: 4.8, C# 12,
    /// unless the test project references a newer one (4.12 for C# 13, 4.14 for C# 14), as source using newer features needs.
    /// </summary>
    public LanguageVersion LanguageVersion { get; init; } = LanguageVersion.Latest;

    /// <summary>
    /// The project's additional files, path to text, as <c>&lt;AdditionalFiles Include="..." /&gt;</c> gives them to the
    /// generator (for example the weights file of <c>[Mlp(..., Weights = "model.json")]</c>).
    /// </summary>
    public IReadOnlyDictionary<string, string> AdditionalFiles { get; init; } = new Dictionary<string, string>();

    /// <summary>
    /// Assemblies the source needs beyond the running .NET's framework assemblies and the NetGen runtime (both always
    /// referenced), e.g. <c>MetadataReference.CreateFromFile(typeof(MyType).Assembly.Location)</c>.
    /// </summary>
    public IReadOnlyList<MetadataReference> References { get; init; } = new List<MetadataReference>();

    /// <summary>The name of the compiled assembly; it does not appear in generated text.</summary>
    public string AssemblyName { get; init; } = "NetGenSnapshot";

    /// <summary>Throws, naming the option, when one is null or holds a null.</summary>
    internal void Validate()
    {
        if (AdditionalFiles is null) throw new ArgumentException($"{nameof(GeneratorRunOptions)}.{nameof(AdditionalFiles)} is null; leave it unset for none.", "options");
        foreach (var pair in AdditionalFiles)
        {
            if (pair.Value is null) throw new ArgumentException($"{nameof(GeneratorRunOptions)}.{nameof(AdditionalFiles)}: the text of '{pair.Key}' is null.", "options");
        }
        if (References is null) throw new ArgumentException($"{nameof(GeneratorRunOptions)}.{nameof(References)} is null; leave it unset for none.", "options");
        for (int i = 0; i < References.Count; i++)
        {
            if (References[i] is null) throw new ArgumentException($"{nameof(GeneratorRunOptions)}.{nameof(References)}[{i}] is null.", "options");
        }
        if (string.IsNullOrEmpty(AssemblyName)) throw new ArgumentException($"{nameof(GeneratorRunOptions)}.{nameof(AssemblyName)} is null or empty.", "options");
    }
}
