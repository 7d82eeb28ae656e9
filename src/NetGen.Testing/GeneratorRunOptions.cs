using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace NetGen.Testing;

/// <summary>How <see cref="NetGenGenerator.Run(string, GeneratorRunOptions?)"/> compiles the source.</summary>
public sealed class GeneratorRunOptions
{
    /// <summary>The C# version of the source and generated code; by default the latest the compiler knows (at least 12, which the generated inline arrays need).</summary>
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
}
