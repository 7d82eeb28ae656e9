using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using NetGen.Generator.Helpers;
using NetGen.Generator.Model;

namespace NetGen.Generator;

/// <summary>The result of parsing one [Mlp] usage: a model to emit, or the diagnostics explaining why not.</summary>
internal sealed record ParseResult(NetworkSpec? Network, EquatableArray<DiagnosticInfo> Diagnostics)
{
    /// <summary>Where weights-file diagnostics go (the attribute); set only for a network that names a <c>Weights</c> file.</summary>
    public LocationInfo? WeightsLocation { get; init; }
}

public sealed partial class MlpGenerator
{
    /// <summary>Attribute data -> model. Never throws on user input: every problem becomes a diagnostic.</summary>
    internal static partial class Parser
    {
        /// <summary>Parameter storage above this many bytes goes on the heap: the runtime caps a struct near 1 MiB.</summary>
        internal const long MaxInlineBytes = 1_000_000;

        /// <summary>More parameters than this would not fit the int-indexed spans the generated code uses, with room to spare.</summary>
        internal const long MaxParameters = 100_000_000;

        /// <summary>Predict keeps every layer's activations on the stack; this bounds that to a few hundred KiB.</summary>
        internal const long MaxNeurons = 32_768;

        private static readonly string ActivationNames = string.Join(", ", Activation.All.Select(a => a.Name));
        private static readonly string LossNames = string.Join(", ", Loss.All.Select(l => l.Name));

        public static ParseResult Parse(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken)
        {
            var diagnostics = new List<DiagnosticInfo>();
            var type = (INamedTypeSymbol)context.TargetSymbol;
            var attribute = context.Attributes[0];
            var syntax = (TypeDeclarationSyntax)context.TargetNode;
            var location = attribute.ApplicationSyntaxReference?.GetSyntax(cancellationToken).GetLocation() ?? syntax.Identifier.GetLocation();

            ParseResult Fail() => new(null, diagnostics.ToEquatableArray());

            // A usage the compiler already rejects (wrong argument types, unknown named argument) gets no second opinion.
            if (attribute.AttributeConstructor is null || HasErrors(attribute)) return Fail();

            CheckTypeShape(type, syntax, location, diagnostics);

            int[] sizes = ReadLayerSizes(attribute);
            if (sizes.Length < 2)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.TooFewLayers, location, type.Name, sizes.Length.ToString(CultureInfo.InvariantCulture)));
            }
            for (int i = 0; i < sizes.Length; i++)
            {
                if (sizes[i] < 1)
                {
                    diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.LayerSizeTooSmall, location, Format(sizes[i]), Format(i), type.Name));
                }
            }

            var named = attribute.NamedArguments.ToDictionary(a => a.Key, a => a.Value);
            // A property set explicitly to null is an error for Activation and Loss, and means "unset" for OutputActivation.
            string? activationText = ReadString(named, "Activation", "Sigmoid");
            string? outputActivationText = ReadString(named, "OutputActivation", null);
            string? lossText = ReadString(named, "Loss", "MSE");
            int precision = ReadInt(named, "Precision", 0);
            int init = ReadInt(named, "Init", 0);
            int unrollThreshold = ReadInt(named, "UnrollThreshold", 256);
            var shipping = ReadShippingOptions(named, location, diagnostics);

            if (precision is not (0 or 1)) diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.UnknownPrecision, location, Format(precision)));
            if (init is < 0 or > 5) diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.UnknownInit, location, Format(init)));
            if (unrollThreshold < 0) diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidUnrollThreshold, location, Format(unrollThreshold)));

            var loss = Loss.Find(lossText ?? "");
            if (loss is null)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.UnknownLoss, location, lossText ?? "null", LossNames, Suggestion(lossText, Loss.All.Select(l => l.Name))));
            }

            if (diagnostics.Count > 0 || sizes.Length < 2) return Fail();
            int layerCount = sizes.Length - 1;

            var activations = ResolveActivations(type.Name, activationText, outputActivationText, layerCount, location, diagnostics);
            if (activations is null) return Fail();

            var output = activations[layerCount - 1];
            for (int l = 0; l < layerCount - 1; l++)
            {
                if (activations[l].IsSoftmax)
                {
                    diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.SoftmaxOnHiddenLayer, location, Format(l + 1), type.Name));
                }
            }
            if (loss == Loss.CrossEntropy && !output.IsSoftmax)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.CrossEntropyWithoutSoftmax, location, type.Name, output.Name));
            }
            if (output.IsSoftmax && loss != Loss.CrossEntropy)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.SoftmaxWithoutCrossEntropy, location, type.Name, loss!.Name));
            }
            if (loss == Loss.BCE && !(output.OutputInUnitInterval && !output.IsSoftmax))
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.BceNeedsUnitIntervalOutput, location, type.Name, output.Name));
            }

            long parameters = 0, neurons = 0;
            for (int l = 1; l < sizes.Length; l++)
            {
                parameters += (long)sizes[l - 1] * sizes[l] + sizes[l];
                neurons += sizes[l];
            }
            long maxInput = sizes.Max();
            if (parameters > MaxParameters)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.NetworkTooLarge, location, type.Name, $"{Format(parameters)} parameters", $"{Format(MaxParameters)} parameters"));
            }
            else if (neurons > MaxNeurons || maxInput > MaxNeurons)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.NetworkTooLarge, location, type.Name, $"{Format(Math.Max(neurons, maxInput))} units", $"{Format(MaxNeurons)} units in the input layer and in all other layers together"));
            }

            if (diagnostics.Count > 0) return Fail();
            cancellationToken.ThrowIfCancellationRequested();

            bool usesDouble = precision == 1;
            var layers = new LayerSpec[layerCount];
            long offset = 0;
            for (int l = 0; l < layerCount; l++)
            {
                int inputs = sizes[l], outputs = sizes[l + 1];
                var scheme = init == 0 ? (activations[l].UsesHeInit ? "He" : "Xavier") : InitNames[init];
                layers[l] = new LayerSpec(l + 1, inputs, outputs, activations[l].Name, scheme, (long)inputs * outputs <= unrollThreshold, offset);
                offset += layers[l].ParameterCount;
            }

            var network = new NetworkSpec(
                Namespace: type.ContainingNamespace.IsGlobalNamespace ? "" : type.ContainingNamespace.ToDisplayString(),
                TypeName: type.Name,
                ContainingTypes: ContainingTypeDeclarations(syntax).ToEquatableArray(),
                HintName: HintName(type),
                LayerSizes: new EquatableArray<int>(sizes),
                Layers: new EquatableArray<LayerSpec>(layers),
                Loss: loss!.Name,
                UsesDouble: usesDouble,
                InlineStorage: parameters * (usesDouble ? 8 : 4) <= MaxInlineBytes);
            return WithShippingOptions(network, shipping, location);
        }

        private static readonly string[] InitNames = { "Auto", "Xavier", "He", "Normal", "Uniform", "Zero" };

        private static bool HasErrors(AttributeData attribute) =>
            attribute.ConstructorArguments.Any(a => a.Kind == TypedConstantKind.Error)
            || attribute.NamedArguments.Any(a => a.Value.Kind == TypedConstantKind.Error);

        private static void CheckTypeShape(INamedTypeSymbol type, TypeDeclarationSyntax syntax, Location location, List<DiagnosticInfo> diagnostics)
        {
            if (syntax is not ClassDeclarationSyntax)
            {
                string kind = syntax is RecordDeclarationSyntax record
                    ? (record.ClassOrStructKeyword.IsKind(SyntaxKind.StructKeyword) ? "record struct" : "record")
                    : syntax.Keyword.ValueText;
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.NotAClass, location, type.Name, kind));
                return;
            }
            if (type.IsStatic)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.StaticClass, location, type.Name));
            }
            if (!syntax.Modifiers.Any(SyntaxKind.PartialKeyword))
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.NotPartial, syntax.Identifier.GetLocation(), type.Name, ""));
            }
            foreach (var parent in syntax.Ancestors().OfType<TypeDeclarationSyntax>())
            {
                if (!parent.Modifiers.Any(SyntaxKind.PartialKeyword))
                {
                    diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.NotPartial, parent.Identifier.GetLocation(), parent.Identifier.ValueText,
                        $" (it contains the network '{type.Name}')"));
                }
            }
            for (var t = type; t is not null; t = t.ContainingType)
            {
                if (t.TypeParameters.Length > 0)
                {
                    diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.GenericType, location, type.Name));
                    break;
                }
            }
        }

        private static int[] ReadLayerSizes(AttributeData attribute)
        {
            if (attribute.ConstructorArguments.Length != 1) return Array.Empty<int>();
            var argument = attribute.ConstructorArguments[0];
            if (argument.Kind != TypedConstantKind.Array || argument.IsNull) return Array.Empty<int>();
            return argument.Values.Select(v => v.Value is int i ? i : 0).ToArray();
        }

        private static string? ReadString(Dictionary<string, TypedConstant> named, string name, string? fallback) =>
            named.TryGetValue(name, out var value) ? value.Value as string : fallback;

        private static int ReadInt(Dictionary<string, TypedConstant> named, string name, int fallback) =>
            named.TryGetValue(name, out var value) && value.Value is int i ? i : fallback;

        /// <summary>One activation per non-input layer, or null after reporting why not.</summary>
        private static Activation[]? ResolveActivations(string typeName, string? activationText, string? outputText, int layerCount, Location location, List<DiagnosticInfo> diagnostics)
        {
            int hiddenCount = layerCount - 1;
            string[] names = (activationText ?? "").Split(',');
            var hidden = new List<Activation>();
            bool failed = false;
            foreach (string name in names)
            {
                var activation = Activation.Find(name);
                if (activation is null)
                {
                    diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.UnknownActivation, location,
                        activationText is null ? "null" : name.Trim(), "Activation", ActivationNames, Suggestion(name, Activation.All.Select(a => a.Name))));
                    failed = true;
                }
                else
                {
                    hidden.Add(activation);
                }
            }

            Activation? output = null;
            if (outputText is not null)
            {
                output = Activation.Find(outputText);
                if (output is null)
                {
                    diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.UnknownActivation, location,
                        outputText, "OutputActivation", ActivationNames, Suggestion(outputText, Activation.All.Select(a => a.Name))));
                    failed = true;
                }
            }
            if (failed) return null;

            var result = new Activation[layerCount];
            if (names.Length == 1)
            {
                for (int l = 0; l < hiddenCount; l++) result[l] = hidden[0];
                result[layerCount - 1] = output ?? hidden[0];
            }
            else if (names.Length == hiddenCount && hiddenCount > 0)
            {
                hidden.CopyTo(result);
                result[layerCount - 1] = output ?? hidden[hiddenCount - 1];
            }
            else if (names.Length == layerCount && outputText is null)
            {
                hidden.CopyTo(result);
            }
            else
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.ActivationCountMismatch, location,
                    Format(names.Length), typeName, Format(hiddenCount), Format(layerCount)));
                return null;
            }
            return result;
        }

        /// <summary>"; did you mean 'X'?" for the closest valid name, or nothing when none is close.</summary>
        internal static string Suggestion(string? given, IEnumerable<string> valid)
        {
            string text = (given ?? "").Trim();
            if (text.Length == 0) return "";
            string? best = null;
            int bestDistance = int.MaxValue;
            foreach (string candidate in valid)
            {
                int distance = EditDistance(text.ToUpperInvariant(), candidate.ToUpperInvariant());
                if (distance < bestDistance)
                {
                    best = candidate;
                    bestDistance = distance;
                }
            }
            return best is not null && bestDistance <= Math.Max(2, best.Length / 3) ? $"; did you mean '{best}'?" : "";
        }

        private static int EditDistance(string a, string b)
        {
            var previous = new int[b.Length + 1];
            var current = new int[b.Length + 1];
            for (int j = 0; j <= b.Length; j++) previous[j] = j;
            for (int i = 1; i <= a.Length; i++)
            {
                current[0] = i;
                for (int j = 1; j <= b.Length; j++)
                {
                    int substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
                    current[j] = Math.Min(substitution, Math.Min(previous[j] + 1, current[j - 1] + 1));
                }
                (previous, current) = (current, previous);
            }
            return previous[b.Length];
        }

        private static IEnumerable<string> ContainingTypeDeclarations(TypeDeclarationSyntax syntax) =>
            syntax.Ancestors().OfType<TypeDeclarationSyntax>().Reverse().Select(t => t switch
            {
                RecordDeclarationSyntax r => $"partial record {(r.ClassOrStructKeyword.IsKind(SyntaxKind.StructKeyword) ? "struct " : "")}{t.Identifier.ValueText}",
                _ => $"partial {t.Keyword.ValueText} {t.Identifier.ValueText}",
            });

        private static string HintName(INamedTypeSymbol type)
        {
            var parts = new List<string>();
            for (var t = type; t is not null; t = t.ContainingType) parts.Insert(0, t.Name);
            // '+' separates nested types, as in metadata names, so Ns.Outer+Inner never collides with a namespace Ns.Outer.
            string typePath = string.Join("+", parts);
            return (type.ContainingNamespace.IsGlobalNamespace ? "" : type.ContainingNamespace.ToDisplayString() + ".") + typePath + ".g.cs";
        }

        private static string Format(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

        private static string Format(int value) => value.ToString(CultureInfo.InvariantCulture);
    }
}
