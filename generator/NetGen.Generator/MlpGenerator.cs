using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.Linq;
using System.Reflection;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;
using NetGen.Generator.Helpers;
using NetGen.Generator.Model;

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
        // The generated code needs C# 12 (inline arrays): the project's version, as a small equatable value.
        var languageVersion = context.ParseOptionsProvider
            .Select(static (options, _) => options is CSharpParseOptions csharp ? csharp.LanguageVersion.MapSpecifiedToEffectiveVersion() : LanguageVersion.CSharp12);

        var results = context.SyntaxProvider
            .ForAttributeWithMetadataName(
                AttributeName,
                // Structs and records are accepted here so that the parser can explain (NG0016) why they are not supported.
                predicate: static (node, _) => node is TypeDeclarationSyntax and not InterfaceDeclarationSyntax,
                transform: Parser.Parse)
            .Combine(languageVersion)
            .Select(static (pair, _) => pair.Left.RequireLanguageVersion(pair.Right))
            .WithTrackingName(TrackingNames.Parse);

        var networks = results
            .Where(static r => r.Network is not null && r.Network.WeightsFile is null)
            .Select(static (r, _) => r.Network!)
            .WithTrackingName(TrackingNames.Networks);

        // Each network with its file name. Hint names are compared case-insensitively, so names differing only in case
        // (Net and NET, Demo and demo) get distinct files; and a network met twice (a class whose parts repeat [Mlp],
        // which the compiler reports) is added once. Collect + SelectMany keeps per-network caching: unchanged networks
        // come out Unchanged and their sources are not written again.
        var bakedNetworks = RegisterWeights(context, results);
        var namedNetworks = networks
            .Collect()
            .Combine(bakedNetworks.Collect())
            .SelectMany(static (pair, _) => NameFiles(pair.Left.AddRange(pair.Right)))
            .WithTrackingName(TrackingNames.NamedNetworks);

        var diagnostics = results
            .Where(static r => r.Diagnostics.Count > 0)
            .Select(static (r, _) => r.Diagnostics)
            .WithTrackingName(TrackingNames.Diagnostics);

        // Whether the assembly says [assembly: CLSCompliant(true)], as a small equatable value.
        var clsCompliantAssembly = context.CompilationProvider
            .Select(static (compilation, _) => compilation.Assembly.GetAttributes().Any(a =>
                a.AttributeClass?.ToDisplayString() == "System.CLSCompliantAttribute"
                && a.ConstructorArguments.Length == 1 && a.ConstructorArguments[0].Value is true));

        context.RegisterSourceOutput(namedNetworks.Combine(clsCompliantAssembly), static (spc, pair) =>
        {
            var network = pair.Left.Network;
            if (pair.Right && !network.DeclaresClsCompliance) network = network with { MarkNotClsCompliant = true };
            AddNetwork(spc, network, pair.Left.HintName);
        });

        context.RegisterSourceOutput(diagnostics, static (spc, list) =>
        {
            foreach (var info in list) spc.ReportDiagnostic(info.ToDiagnostic());
        });
    }

    /// <summary>Emits one network; an unexpected exception becomes NG0018 for it alone instead of CS8785 for the project.</summary>
    private static void AddNetwork(SourceProductionContext context, NetworkSpec network, string hintName)
    {
        try
        {
            FaultInjection.Check("emit", network.TypeName);
            string source = Emitter.Emit(network);
            context.AddSource(hintName, SourceText.From(source, Encoding.UTF8));
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.InternalError, Location.None, network.TypeName, exception.GetType().Name, exception.Message));
        }
    }

    /// <summary>Every distinct network once, with a file name unique under case-insensitive comparison.</summary>
    internal static ImmutableArray<NamedNetwork> NameFiles(ImmutableArray<NetworkSpec> networks)
    {
        var hintNames = networks.Select(n => n.HintName).ToImmutableArray();
        var taken = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var builder = ImmutableArray.CreateBuilder<NamedNetwork>(networks.Length);
        foreach (var network in networks)
        {
            string hintName = UniqueHintName(network.HintName, hintNames);
            if (taken.Add(hintName)) builder.Add(new NamedNetwork(network, hintName));
        }
        return builder.ToImmutable();
    }

    /// <summary>
    /// <paramref name="hintName"/>, or, when another network's differs from it only in case, the name with a hash of
    /// its exact spelling before ".g.cs" (Demo.Net.1A2B3C4D.g.cs), so that every file name is unique case-insensitively.
    /// </summary>
    internal static string UniqueHintName(string hintName, ImmutableArray<string> allHintNames)
    {
        bool collides = allHintNames.Any(other => other != hintName && string.Equals(other, hintName, StringComparison.OrdinalIgnoreCase));
        if (!collides) return hintName;
        const string Suffix = ".g.cs";
        string stem = hintName.Substring(0, hintName.Length - Suffix.Length);
        uint hash = 2166136261;
        foreach (char c in hintName)
        {
            hash ^= c;
            hash *= 16777619;
        }
        return $"{stem}.{hash.ToString("X8", CultureInfo.InvariantCulture)}{Suffix}";
    }
}

/// <summary>A network and the file name its source is added under.</summary>
internal sealed record NamedNetwork(NetworkSpec Network, string HintName);
