using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;

namespace NetGen.Generator;

/// <summary>
/// Turns each <c>[Mlp]</c> partial class into a trainable network: attribute -> <see cref="Parser"/> (an equatable model
/// plus diagnostics) -> <see cref="Emitter"/> (source text). Diagnostics and sources are separate outputs.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed partial class MlpGenerator : IIncrementalGenerator
{
    internal const string AttributeName = "NetGen.MlpAttribute";

    /// <inheritdoc/>
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        var results = context.SyntaxProvider
            .ForAttributeWithMetadataName(
                AttributeName,
                // Structs and records are accepted here so that the parser can explain (NG0016) why they are not supported.
                predicate: static (node, _) => node is TypeDeclarationSyntax and not InterfaceDeclarationSyntax,
                transform: Parser.Parse)
            .WithTrackingName(TrackingNames.Parse);

        var networks = results
            .Where(static r => r.Network is not null && r.Network.WeightsFile is null)
            .Select(static (r, _) => r.Network!)
            .WithTrackingName(TrackingNames.Networks);

        var diagnostics = results
            .Where(static r => r.Diagnostics.Count > 0)
            .Select(static (r, _) => r.Diagnostics)
            .WithTrackingName(TrackingNames.Diagnostics);

        context.RegisterSourceOutput(networks, static (spc, network) =>
            spc.AddSource(network.HintName, SourceText.From(Emitter.Emit(network), System.Text.Encoding.UTF8)));

        RegisterWeights(context, results);

        context.RegisterSourceOutput(diagnostics, static (spc, list) =>
        {
            foreach (var info in list) spc.ReportDiagnostic(info.ToDiagnostic());
        });
    }
}
