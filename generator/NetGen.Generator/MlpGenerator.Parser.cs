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
/// <param name="Network">The model, or null when the usage is reported or belongs to the compiler.</param>
/// <param name="Diagnostics">What is wrong with the usage.</param>
/// <param name="TypeName">The annotated type's name, for diagnostics raised after parsing.</param>
/// <param name="Location">The attribute, where diagnostics raised after parsing are reported.</param>
internal sealed record ParseResult(NetworkSpec? Network, EquatableArray<DiagnosticInfo> Diagnostics, string TypeName = "", LocationInfo? Location = null)
{
    /// <summary>The result once the project's language version is known: NG0022 instead of a model below C# 12.</summary>
    public ParseResult RequireLanguageVersion(LanguageVersion version)
    {
        if (Network is null || version >= LanguageVersion.CSharp12) return this;
        var diagnostic = new DiagnosticInfo(DiagnosticDescriptors.LanguageVersionTooLow, Location,
            new EquatableArray<string>(new[] { TypeName, version.ToDisplayString() }));
        return this with { Network = null, Diagnostics = new EquatableArray<DiagnosticInfo>(new[] { diagnostic }) };
    }

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

        // The names users may write, from the facts the runtime's enums are defined by.
        private static readonly string ActivationNames = string.Join(", ", global::NetGen.NetworkFacts.ActivationNames);
        private static readonly string LossNames = string.Join(", ", global::NetGen.NetworkFacts.LossNames);

        /// <summary>The activations a hidden layer may use (all but Softmax), as NG0006 lists them: "Sigmoid, Tanh, ... or Linear".</summary>
        private static readonly string HiddenActivationNames = OrList(global::NetGen.NetworkFacts.ActivationNames.Where(n => n != "Softmax").ToArray());

        private static string OrList(string[] names) => string.Join(", ", names.Take(names.Length - 1)) + " or " + names[names.Length - 1];

        /// <summary>
        /// Parses one usage. Never throws (except on cancellation): an unexpected exception becomes NG0018 for this type
        /// alone, where letting it escape would make the compiler drop every network in the project (CS8785).
        /// </summary>
        public static ParseResult Parse(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken)
        {
            try
            {
                FaultInjection.Check("parse", context.TargetSymbol.Name);
                return ParseCore(context, cancellationToken);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                var location = context.Attributes.Length > 0
                    ? context.Attributes[0].ApplicationSyntaxReference?.GetSyntax(CancellationToken.None).GetLocation()
                    : context.TargetNode.GetLocation();
                var diagnostic = DiagnosticInfo.Create(DiagnosticDescriptors.InternalError, location, context.TargetSymbol.Name, exception.GetType().Name, exception.Message);
                return new ParseResult(null, new EquatableArray<DiagnosticInfo>(new[] { diagnostic }));
            }
        }

        private static ParseResult ParseCore(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken)
        {
            var diagnostics = new List<DiagnosticInfo>();
            var type = (INamedTypeSymbol)context.TargetSymbol;
            var attribute = context.Attributes[0];
            var syntax = (TypeDeclarationSyntax)context.TargetNode;
            var attributeSyntax = attribute.ApplicationSyntaxReference?.GetSyntax(cancellationToken);
            var location = attributeSyntax?.GetLocation() ?? syntax.Identifier.GetLocation();

            ParseResult Fail() => new(null, diagnostics.ToEquatableArray());

            // A class still being typed (`partial class { }`) has no name yet: the compiler reports it, and a network
            // generated for it would only add errors.
            if (syntax.AncestorsAndSelf().OfType<BaseTypeDeclarationSyntax>().Any(t => t.Identifier.IsMissing)) return Fail();

            // [Mlp] twice on one class (on two partial parts, or twice on one): the compiler reports CS0579; the first
            // usage alone makes the network, so that it is generated once.
            if (!IsFirstUsage(type, syntax)) return Fail();

            // A usage the compiler already rejects (wrong argument types, unknown or repeated named argument, a
            // non-constant value, at any depth) gets no second opinion. A warning made an error by TreatWarningsAsErrors is
            // not such a rejection: CS3016 at [Mlp] in a CLS-compliant assembly is silenced by the generated part's own
            // [CLSCompliant(false)], which skipping the network would never emit.
            if (attribute.AttributeConstructor is null || HasErrors(attribute)) return Fail();
            if (attributeSyntax is not null
                && context.SemanticModel.GetDiagnostics(attributeSyntax.Span, cancellationToken).Any(d => d.Severity == DiagnosticSeverity.Error && !d.IsWarningAsError))
            {
                return Fail();
            }

            CheckTypeShape(type, syntax, location, diagnostics, context.SemanticModel.Compilation);
            if (diagnostics.Count == 0) CheckMembers(type, location, diagnostics);

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

            // The last value of a repeated name wins (the compiler reports the repetition; this only must not throw).
            var named = new Dictionary<string, TypedConstant>();
            foreach (var argument in attribute.NamedArguments) named[argument.Key] = argument.Value;
            // A property set explicitly to null is an error for Activation and Loss, and means "unset" for OutputActivation.
            string? activationText = ReadString(named, "Activation", "Sigmoid");
            string? outputActivationText = ReadString(named, "OutputActivation", null);
            string? lossText = ReadString(named, "Loss", "MSE");
            int precision = ReadInt(named, "Precision", 0);
            int init = ReadInt(named, "Init", 0);
            int unrollThreshold = ReadInt(named, "UnrollThreshold", global::NetGen.NetworkFacts.DefaultUnrollThreshold);
            var shipping = ReadShippingOptions(named, location, diagnostics);

            if (precision is not (0 or 1)) diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.UnknownPrecision, location, Format(precision)));
            if (init is < 0 or > 5) diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.UnknownInit, location, Format(init)));
            if (unrollThreshold < 0) diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidUnrollThreshold, location, Format(unrollThreshold)));
            var warnings = new List<DiagnosticInfo>();
            if (unrollThreshold > MaxUnrollThreshold)
            {
                warnings.Add(DiagnosticInfo.Create(DiagnosticDescriptors.UnrollThresholdTooLarge, location, Format((long)unrollThreshold), Format((long)MaxUnrollThreshold)));
                unrollThreshold = MaxUnrollThreshold;
            }

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
                    diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.SoftmaxOnHiddenLayer, location, Format(l + 1), type.Name, HiddenActivationNames));
                }
            }
            // Which losses can train which output: one rule, shared with the runtime's importers.
            switch (global::NetGen.NetworkFacts.LossConflict(loss!.Name, output.Name)?.Id)
            {
                case "NG0007":
                    diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.CrossEntropyWithoutSoftmax, location, type.Name, output.Name));
                    break;
                case "NG0008":
                    diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.SoftmaxWithoutCrossEntropy, location, type.Name, loss.Name));
                    break;
                case "NG0009":
                    diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.BceNeedsUnitIntervalOutput, location, type.Name, output.Name));
                    break;
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
            long offset = 0, unrolledWeights = 0;
            for (int l = 0; l < layerCount; l++)
            {
                int inputs = sizes[l], outputs = sizes[l + 1];
                var scheme = init == 0 ? (activations[l].UsesHeInit ? "He" : "Xavier") : global::NetGen.NetworkFacts.InitNames[init];
                long weights = (long)inputs * outputs;
                // Each unrolled weight is a few statements; the budget bounds the file whatever the threshold and depth.
                bool unrolled = weights <= unrollThreshold && unrolledWeights + weights <= MaxUnrolledWeights;
                if (unrolled) unrolledWeights += weights;
                layers[l] = new LayerSpec(l + 1, inputs, outputs, activations[l].Name, scheme, unrolled, offset);
                offset += layers[l].ParameterCount;
            }

            var network = new NetworkSpec(
                Namespace: type.ContainingNamespace.IsGlobalNamespace ? "" : NamespaceInCode(type.ContainingNamespace),
                TypeName: Identifiers.Escape(type.Name),
                ContainingTypes: ContainingTypeDeclarations(syntax).ToEquatableArray(),
                HintName: HintName(type),
                LayerSizes: new EquatableArray<int>(sizes),
                Layers: new EquatableArray<LayerSpec>(layers),
                Loss: loss!.Name,
                UsesDouble: usesDouble,
                // Inline storage suits the unrolled statements; a layer on the kernels wants W on a cache line, which only
                // the runtime's aligned heap arrays give (a struct inside the object lies wherever the GC put the object).
                InlineStorage: parameters * (usesDouble ? 8 : 4) <= MaxInlineBytes && layers.All(layer => layer.Unrolled))
            {
                DeclaresClsCompliance = type.GetAttributes().Any(a => a.AttributeClass?.ToDisplayString() == "System.CLSCompliantAttribute"),
            };
            return WithShippingOptions(network, shipping, location) with
            {
                Diagnostics = warnings.ToEquatableArray(),
                TypeName = type.Name,
                Location = LocationInfo.From(location),
            };
        }

        /// <summary>The largest UnrollThreshold honoured (NG0025 above it): a 4,096-weight layer unrolls to about 400 KB of source.</summary>
        internal const int MaxUnrollThreshold = global::NetGen.NetworkFacts.MaxUnrollThreshold;

        /// <summary>The most weights unrolled in one network; later layers that would exceed it use loops.</summary>
        internal const long MaxUnrolledWeights = global::NetGen.NetworkFacts.MaxUnrolledWeights;

        /// <summary>True when <paramref name="declaration"/> holds the type's first [Mlp] (in the compiler's order of its attributes).</summary>
        private static bool IsFirstUsage(INamedTypeSymbol type, SyntaxNode declaration)
        {
            foreach (var candidate in type.GetAttributes())
            {
                if (candidate.AttributeClass?.ToDisplayString() != AttributeName) continue;
                var reference = candidate.ApplicationSyntaxReference;
                if (reference is null) return true;
                return reference.SyntaxTree == declaration.SyntaxTree && declaration.Span.Contains(reference.Span)
                    && reference.GetSyntax().FirstAncestorOrSelf<TypeDeclarationSyntax>() is { } owner && owner.Span == declaration.Span;
            }
            return true;
        }

        private static bool HasErrors(AttributeData attribute) =>
            attribute.ConstructorArguments.Any(HasErrors) || attribute.NamedArguments.Any(a => HasErrors(a.Value));

        private static bool HasErrors(TypedConstant constant) =>
            constant.Kind == TypedConstantKind.Error || (constant.Kind == TypedConstantKind.Array && !constant.IsNull && constant.Values.Any(HasErrors));

        /// <summary>The value of a constant that is a single value (not an array, type or error), else null.</summary>
        private static object? ScalarValue(TypedConstant constant) =>
            constant.Kind is TypedConstantKind.Primitive or TypedConstantKind.Enum ? constant.Value : null;

        private static string NamespaceInCode(INamespaceSymbol ns)
        {
            var parts = new List<string>();
            for (var n = ns; n is not null && !n.IsGlobalNamespace; n = n.ContainingNamespace) parts.Insert(0, KeywordEscaped(n.Name));
            return string.Join(".", parts);
        }

        private static string KeywordEscaped(string name) =>
            SyntaxFacts.GetKeywordKind(name) != SyntaxKind.None ? "@" + name : name;

        private static void CheckTypeShape(INamedTypeSymbol type, TypeDeclarationSyntax syntax, Location location, List<DiagnosticInfo> diagnostics, Compilation compilation)
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
            else if (type.IsAbstract)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.AbstractClass, location, type.Name));
            }
            for (var t = type; t is not null; t = t.ContainingType)
            {
                if (t.IsFileLocal)
                {
                    diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.FileLocalType, location, type.Name, SymbolEqualityComparer.Default.Equals(t, type) ? "" : $" on its containing type '{t.Name}'"));
                    break;
                }
            }
            if (type.DeclaringSyntaxReferences.Any(r => r.GetSyntax() is ClassDeclarationSyntax { ParameterList: not null }))
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.PrimaryConstructor, location, type.Name));
            }
            // The compilation's namespace merges those of every reference (a source type's own is its module's).
            if (type.ContainingType is null
                && compilation.GetCompilationNamespace(type.ContainingNamespace) is { } merged
                && merged.GetNamespaceMembers().Any(n => n.Name == type.Name))
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.NameIsTaken, location, type.ToDisplayString(),
                    $"the namespace '{type.ToDisplayString()}'", "every reference to it (the generated Load returns it) is ambiguous (CS0437)"));
            }
            else if (type.ContainingType is null && ReferencedTypeWithFullName(type, compilation) is { } referenced)
            {
                // namespace NetGen; partial class Kernels: the generated code's global::NetGen.Kernels would bind to it.
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.NameIsTaken, location, type.ToDisplayString(),
                    $"the type '{referenced.ToDisplayString()}' of {referenced.ContainingAssembly.Name}",
                    "references to that name, in the generated code too, would bind to this class instead (CS0436)"));
            }
            if (type.GetAttributes().Any(IsExplicitLayout))
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.ExplicitLayout, location, type.Name));
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

        /// <summary>A public type of a referenced assembly with <paramref name="type"/>'s full name, if any.</summary>
        private static INamedTypeSymbol? ReferencedTypeWithFullName(INamedTypeSymbol type, Compilation compilation)
        {
            string fullName = type.ContainingNamespace.IsGlobalNamespace ? type.MetadataName : type.ContainingNamespace.ToDisplayString() + "." + type.MetadataName;
            return compilation.GetTypesByMetadataName(fullName).FirstOrDefault(t =>
                !SymbolEqualityComparer.Default.Equals(t.ContainingAssembly, compilation.Assembly) && t.DeclaredAccessibility == Accessibility.Public);
        }

        private static bool IsExplicitLayout(AttributeData attribute) =>
            attribute.AttributeClass?.ToDisplayString() == "System.Runtime.InteropServices.StructLayoutAttribute"
            && attribute.ConstructorArguments.Length == 1
            && ScalarValue(attribute.ConstructorArguments[0]) is { } kind
            && Convert.ToInt32(kind, CultureInfo.InvariantCulture) == (int)System.Runtime.InteropServices.LayoutKind.Explicit;

        /// <summary>NG0019 for user members (in any part) and accessible base members named like generated ones; NG0024 for a base without a parameterless constructor.</summary>
        private static void CheckMembers(INamedTypeSymbol type, Location location, List<DiagnosticInfo> diagnostics)
        {
            if (GeneratedNames.IsReserved(type.Name))
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.ReservedName, type.Locations.FirstOrDefault() ?? location, "The class", type.Name, type.Name, "a member cannot have its class's name"));
            }
            foreach (var member in type.GetMembers())
            {
                if (member.IsImplicitlyDeclared) continue;
                bool reserved = GeneratedNames.IsReserved(member.Name)
                    // The generated constructor takes (int seed = 0); a user constructor taking one int would be a second one.
                    || (member is IMethodSymbol { MethodKind: MethodKind.Constructor, IsStatic: false, Parameters.Length: 1 } constructor
                        && constructor.Parameters[0].Type.SpecialType == SpecialType.System_Int32);
                if (!reserved) continue;
                string name = member is IMethodSymbol { MethodKind: MethodKind.Constructor } ? type.Name + "(int)" : member.Name;
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.ReservedName, member.Locations.FirstOrDefault(l => l.IsInSource) ?? location,
                    Describe(member), name, type.Name, member is IMethodSymbol { MethodKind: MethodKind.Constructor } ? "the constructor taking the seed" : "a generated member"));
            }
            for (var t = type; t is not null && t.SpecialType != SpecialType.System_Object; t = t.BaseType)
            {
                foreach (var member in t.GetMembers())
                {
                    if (member is not (IPropertySymbol { IsRequired: true } or IFieldSymbol { IsRequired: true })) continue;
                    bool own = SymbolEqualityComparer.Default.Equals(t, type);
                    diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.RequiredMember,
                        own ? member.Locations.FirstOrDefault(l => l.IsInSource) ?? location : location,
                        type.Name, own ? member.Name : t.Name + "." + member.Name));
                }
            }
            for (var baseType = type.BaseType; baseType is not null && baseType.SpecialType != SpecialType.System_Object; baseType = baseType.BaseType)
            {
                if (baseType.GetAttributes().Any(a => a.AttributeClass?.ToDisplayString() == AttributeName))
                {
                    // Its generated members are not visible here when it is in this project (a generator does not see
                    // its own output), and would each be NG0019 when it is referenced: one diagnostic says why instead.
                    diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.BaseIsANetwork, location, type.Name, baseType.ToDisplayString()));
                    break;
                }
                foreach (var member in baseType.GetMembers())
                {
                    if (member.IsImplicitlyDeclared || member.DeclaredAccessibility == Accessibility.Private || !GeneratedNames.IsReserved(member.Name)) continue;
                    if (member is IMethodSymbol { MethodKind: MethodKind.Constructor or MethodKind.StaticConstructor }) continue;
                    // The generated ToString overrides an overridable one.
                    if (member.Name == "ToString" && member is IMethodSymbol { IsSealed: false } method && (method.IsVirtual || method.IsOverride || method.IsAbstract)) continue;
                    diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.ReservedName, location,
                        "Inherited " + Describe(member).ToLowerInvariant(), baseType.Name + "." + member.Name, type.Name, "generated code would hide it"));
                }
            }
            var direct = type.BaseType;
            if (direct is not null && direct.SpecialType != SpecialType.System_Object && direct.TypeKind == TypeKind.Class
                && !direct.InstanceConstructors.Any(c => c.DeclaredAccessibility != Accessibility.Private && c.Parameters.All(p => p.IsOptional || p.IsParams)))
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.BaseWithoutParameterlessConstructor, location, type.Name, direct.ToDisplayString()));
            }
        }

        private static string Describe(ISymbol member) => member switch
        {
            INamedTypeSymbol => "Nested type",
            IMethodSymbol { MethodKind: MethodKind.Constructor } => "Constructor",
            IMethodSymbol => "Method",
            IPropertySymbol => "Property",
            IFieldSymbol => "Field",
            IEventSymbol => "Event",
            _ => "Member",
        };

        private static int[] ReadLayerSizes(AttributeData attribute)
        {
            if (attribute.ConstructorArguments.Length != 1) return Array.Empty<int>();
            var argument = attribute.ConstructorArguments[0];
            if (argument.Kind != TypedConstantKind.Array || argument.IsNull) return Array.Empty<int>();
            return argument.Values.Select(v => ScalarValue(v) is int i ? i : 0).ToArray();
        }

        private static string? ReadString(Dictionary<string, TypedConstant> named, string name, string? fallback) =>
            named.TryGetValue(name, out var value) ? ScalarValue(value) as string : fallback;

        private static int ReadInt(Dictionary<string, TypedConstant> named, string name, int fallback) =>
            named.TryGetValue(name, out var value) && ScalarValue(value) is int i ? i : fallback;

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
            // Every name at the smallest distance: "BSE" is one letter from BCE, MSE and SSE alike, and naming one of them
            // would be a guess.
            var best = new List<string>();
            int bestDistance = int.MaxValue;
            foreach (string candidate in valid)
            {
                int distance = EditDistance(text.ToUpperInvariant(), candidate.ToUpperInvariant());
                if (distance < bestDistance)
                {
                    best.Clear();
                    bestDistance = distance;
                }
                if (distance == bestDistance) best.Add(candidate);
            }
            best.RemoveAll(name => bestDistance > Math.Max(2, name.Length / 3));
            if (best.Count == 0) return "";
            var quoted = best.Select(name => "'" + name + "'").ToArray();
            return "; did you mean " + (quoted.Length == 1 ? quoted[0] : OrList(quoted)) + "?";
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
                RecordDeclarationSyntax r => $"partial record {(r.ClassOrStructKeyword.IsKind(SyntaxKind.StructKeyword) ? "struct " : "")}{Identifiers.Escape(t.Identifier.ValueText)}",
                _ => $"partial {t.Keyword.ValueText} {Identifiers.Escape(t.Identifier.ValueText)}",
            });

        /// <summary>
        /// The file name: namespace and type path from the symbols' names (never '@'), hint-name-safe. Names that
        /// differ only in case are told apart when the sources are added (see <see cref="MlpGenerator.UniqueHintName"/>).
        /// </summary>
        private static string HintName(INamedTypeSymbol type)
        {
            var parts = new List<string>();
            for (var t = type; t is not null; t = t.ContainingType) parts.Insert(0, t.Name);
            // '+' separates nested types, as in metadata names, so Ns.Outer+Inner never collides with a namespace Ns.Outer.
            string typePath = string.Join("+", parts);
            var namespaces = new List<string>();
            for (var n = type.ContainingNamespace; n is not null && !n.IsGlobalNamespace; n = n.ContainingNamespace) namespaces.Insert(0, n.Name);
            return Identifiers.ForHintName((namespaces.Count == 0 ? "" : string.Join(".", namespaces) + ".") + typePath) + ".g.cs";
        }

        private static string Format(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

        private static string Format(int value) => value.ToString(CultureInfo.InvariantCulture);
    }
}
