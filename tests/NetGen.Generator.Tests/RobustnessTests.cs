using System;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using NetGen.Generator.Helpers;
using NetGen.Generator.Tests.Infrastructure;
using Xunit;

namespace NetGen.Generator.Tests;

/// <summary>
/// Declarations the compiler accepts but the generated part could not extend (NG0019 to NG0025), the internal-error
/// net (NG0018), hint names, escaped names and the UnrollThreshold cap: each gets working code or one NG at the right place.
/// </summary>
public class RobustnessTests
{
    private static string Source(string declaration) => "using NetGen;\nnamespace Demo;\n" + declaration;

    /// <summary>The one diagnostic of the run, which must have <paramref name="id"/>, and the text it points at.</summary>
    private static (Diagnostic Diagnostic, string LocatedText) SingleAt(string declaration, string id)
    {
        var result = GeneratorHarness.Run(Source(declaration));
        result.AssertDidNotThrow();
        Assert.Empty(result.GeneratedSources);
        var diagnostic = Assert.Single(result.GeneratorDiagnostics);
        Assert.Equal(id, diagnostic.Id);
        Assert.Equal(DiagnosticSeverity.Error, diagnostic.Severity);
        string located = Source(declaration).Substring(diagnostic.Location.SourceSpan.Start, diagnostic.Location.SourceSpan.Length);
        return (diagnostic, located);
    }

    [Fact]
    public void NG0018_an_exception_while_parsing_is_one_diagnostic_for_that_class_alone()
    {
        FaultInjection.ThrowAt = "parse:Net";
        try
        {
            var result = GeneratorHarness.Run(Source("[Mlp(2, 1)] partial class Net { } [Mlp(2, 1)] partial class Other { }"));
            Assert.False(result.GeneratorThrew);
            var diagnostic = Assert.Single(result.GeneratorDiagnostics);
            Assert.Equal("NG0018", diagnostic.Id);
            Assert.Equal("Mlp(2, 1)", Source("").Length is var offset ? ("using NetGen;\nnamespace Demo;\n[Mlp(2, 1)] partial class Net { } [Mlp(2, 1)] partial class Other { }").Substring(diagnostic.Location.SourceSpan.Start, diagnostic.Location.SourceSpan.Length) : "");
            Assert.Equal("Internal error in NetGen, please report: generating 'Net' failed with InvalidOperationException: fault injected at parse for Net", diagnostic.GetMessage());
            Assert.Equal("Demo.Other.g.cs", Assert.Single(result.GeneratedSources).HintName);
        }
        finally
        {
            FaultInjection.ThrowAt = null;
        }
    }

    [Fact]
    public void NG0018_an_exception_while_emitting_is_one_diagnostic_for_that_class_alone()
    {
        FaultInjection.ThrowAt = "emit:Net";
        try
        {
            var result = GeneratorHarness.Run(Source("[Mlp(2, 1)] partial class Net { } [Mlp(2, 1)] partial class Other { }"));
            Assert.False(result.GeneratorThrew);
            var diagnostic = Assert.Single(result.GeneratorDiagnostics);
            Assert.Equal("NG0018", diagnostic.Id);
            Assert.Equal("Internal error in NetGen, please report: generating 'Net' failed with InvalidOperationException: fault injected at emit for Net", diagnostic.GetMessage());
            Assert.Equal("Demo.Other.g.cs", Assert.Single(result.GeneratedSources).HintName);
        }
        finally
        {
            FaultInjection.ThrowAt = null;
        }
    }

    [Theory]
    [InlineData("public int W1;", "W1", "Field 'W1' of 'Net' has a name that the generated network uses (a generated member); rename it (docs/diagnostics.md lists the reserved names)")]
    [InlineData("public int DegreeOfParallelism { get; set; }", "DegreeOfParallelism", "Property 'DegreeOfParallelism' of 'Net' has a name that the generated network uses (a generated member); rename it (docs/diagnostics.md lists the reserved names)")]
    [InlineData("public void Predict() { }", "Predict", "Method 'Predict' of 'Net' has a name that the generated network uses (a generated member); rename it (docs/diagnostics.md lists the reserved names)")]
    [InlineData("public class Input { }", "Input", "Nested type 'Input' of 'Net' has a name that the generated network uses (a generated member); rename it (docs/diagnostics.md lists the reserved names)")]
    [InlineData("private static float Sigmoid(float z) => z;", "Sigmoid", "Method 'Sigmoid' of 'Net' has a name that the generated network uses (a generated member); rename it (docs/diagnostics.md lists the reserved names)")]
    [InlineData("public Net(int x) { }", "Net", "Constructor 'Net(int)' of 'Net' has a name that the generated network uses (the constructor taking the seed); rename it (docs/diagnostics.md lists the reserved names)")]
    public void NG0019_a_member_named_like_a_generated_one_is_reported_at_the_member(string member, string located, string message)
    {
        var (d, text) = SingleAt($"[Mlp(2, 1)] partial class Net {{ {member} }}", "NG0019");
        Assert.Equal(located, text);
        Assert.Equal(message, d.GetMessage());
    }

    [Fact]
    public void Every_member_the_generated_part_declares_has_a_reserved_name()
    {
        // NG0019 keeps a user's member from clashing with a generated one only if every name the emitter declares is in
        // GeneratedNames: here the lane path (2-2-1), the kernel path (looped layers, softmax), an inference-only network and
        // one with baked weights.
        var compilation = GeneratorHarness.CreateCompilation(Source(
            "[Mlp(2, 2, 1, Activation = \"Sigmoid\", Loss = \"BCE\")] partial class Lanes { }\n" +
            "[Mlp(20, 30, 3, OutputActivation = \"Softmax\", Loss = \"CrossEntropy\", UnrollThreshold = 0)] partial class Looped { }\n" +
            "[Mlp(3, 4, 2, Activation = \"Tanh\", InferenceOnly = true)] partial class Inference { }\n" +
            "[Mlp(2, 2, 1, Activation = \"Sigmoid\", Loss = \"BCE\", Weights = \"xor.json\")] partial class Baked { }"));
        var result = GeneratorHarness.Run(compilation, new[] { new InMemoryAdditionalText("/project/xor.json", ShippingSnapshotTests.XorJson) });
        result.AssertDidNotThrow();
        Assert.Empty(result.GeneratorDiagnostics);
        Assert.Equal(4, result.GeneratedSources.Length);
        int checkedNames = 0;
        var unreserved = new System.Collections.Generic.SortedSet<string>();
        foreach (var source in result.GeneratedSources)
        {
            var network = CSharpSyntaxTree.ParseText(source.Text).GetRoot().DescendantNodes().OfType<Microsoft.CodeAnalysis.CSharp.Syntax.ClassDeclarationSyntax>()
                .First(c => c.Identifier.Text is "Lanes" or "Looped" or "Inference" or "Baked");
            foreach (var member in network.Members)
            {
                // A constructor is the class's own name, and an explicit interface implementation is no member of the class by name.
                string[] names = member switch
                {
                    Microsoft.CodeAnalysis.CSharp.Syntax.FieldDeclarationSyntax field => field.Declaration.Variables.Select(v => v.Identifier.Text).ToArray(),
                    Microsoft.CodeAnalysis.CSharp.Syntax.MethodDeclarationSyntax { ExplicitInterfaceSpecifier: null } method => new[] { method.Identifier.Text },
                    Microsoft.CodeAnalysis.CSharp.Syntax.PropertyDeclarationSyntax { ExplicitInterfaceSpecifier: null } property => new[] { property.Identifier.Text },
                    Microsoft.CodeAnalysis.CSharp.Syntax.BaseTypeDeclarationSyntax type => new[] { type.Identifier.Text },
                    _ => Array.Empty<string>(),
                };
                foreach (string name in names)
                {
                    if (!NetGen.Generator.Model.GeneratedNames.IsReserved(name)) unreserved.Add(name);
                    checkedNames++;
                }
            }
        }
        Assert.True(unreserved.Count == 0, $"declared by the generated part but not reserved in GeneratedNames (NG0019 would not catch a user member of that name): {string.Join(", ", unreserved)}");
        Assert.True(checkedNames > 100, $"only {checkedNames} names checked");
    }

    [Fact]
    public void NG0019_a_class_named_like_a_generated_member()
    {
        var (d, text) = SingleAt("[Mlp(2, 1)] partial class Loss { }", "NG0019");
        Assert.Equal("Loss", text);
        Assert.Equal("The class 'Loss' of 'Loss' has a name that the generated network uses (a member cannot have its class's name); rename it (docs/diagnostics.md lists the reserved names)", d.GetMessage());
    }

    [Fact]
    public void NG0019_an_inherited_member_is_reported_at_the_attribute()
    {
        var (d, text) = SingleAt("public class B { public void Step() { } } [Mlp(2, 1)] partial class Net : B { }", "NG0019");
        Assert.Equal("Mlp(2, 1)", text);
        Assert.Equal("Inherited method 'B.Step' of 'Net' has a name that the generated network uses (generated code would hide it); rename it (docs/diagnostics.md lists the reserved names)", d.GetMessage());
    }

    [Fact]
    public void A_member_in_another_part_is_reported_in_that_part()
    {
        var result = GeneratorHarness.Run(Source("[Mlp(2, 1)] partial class Net { }"), Source("partial class Net { public int Output; }"));
        var diagnostic = Assert.Single(result.GeneratorDiagnostics);
        Assert.Equal("NG0019", diagnostic.Id);
        Assert.Equal("Source1.cs", diagnostic.Location.GetLineSpan().Path);
        Assert.Empty(result.GeneratedSources);
    }

    [Fact]
    public void NG0020_primary_constructor()
    {
        var (d, text) = SingleAt("[Mlp(2, 1)] partial class Net(int seed) { public int Seed => seed; }", "NG0020");
        Assert.Equal("Mlp(2, 1)", text);
        Assert.Equal("'Net' has a primary constructor; NetGen generates the constructor 'Net(int seed = 0)', which cannot call it: remove the parameter list and keep the state in fields", d.GetMessage());
    }

    [Fact]
    public void NG0021_explicit_layout()
    {
        var (d, text) = SingleAt("[Mlp(2, 1)] [System.Runtime.InteropServices.StructLayout(System.Runtime.InteropServices.LayoutKind.Explicit)] partial class Net { }", "NG0021");
        Assert.Equal("Mlp(2, 1)", text);
        Assert.Equal("'Net' has [StructLayout(LayoutKind.Explicit)]; the generated fields have no FieldOffset, so use the default (sequential or auto) layout", d.GetMessage());
    }

    [Fact]
    public void Sequential_layout_is_fine()
    {
        GeneratorHarness.Run(Source("[Mlp(2, 1)] [System.Runtime.InteropServices.StructLayout(System.Runtime.InteropServices.LayoutKind.Sequential)] partial class Net { }"))
            .AssertNoGeneratorDiagnostics().AssertCompilesWithoutWarnings();
    }

    [Theory]
    [InlineData(LanguageVersion.CSharp11, "11.0")]
    [InlineData(LanguageVersion.CSharp10, "10.0")]
    public void NG0022_language_version_below_12(LanguageVersion version, string shown)
    {
        var options = new CSharpParseOptions(version);
        string source = Source("[Mlp(2, 1)] partial class Net { }");
        var compilation = CSharpCompilation.Create("LangVersion", new[] { CSharpSyntaxTree.ParseText(source, options, "Source0.cs") }, GeneratorHarness.References, GeneratorHarness.CompilationOptions);
        var driver = CSharpGeneratorDriver.Create(new[] { new MlpGenerator().AsSourceGenerator() }, parseOptions: options)
            .RunGeneratorsAndUpdateCompilation(compilation, out _, out var diagnostics);
        var diagnostic = Assert.Single(diagnostics);
        Assert.Equal("NG0022", diagnostic.Id);
        Assert.Equal("Mlp(2, 1)", source.Substring(diagnostic.Location.SourceSpan.Start, diagnostic.Location.SourceSpan.Length));
        Assert.Equal($"The network 'Net' needs C# 12 or later (its generated code uses inline arrays), but the project compiles with C# {shown}; set <LangVersion>12</LangVersion> or later", diagnostic.GetMessage());
        Assert.Empty(driver.GetRunResult().GeneratedTrees);
    }

    [Fact]
    public void NG0023_file_local_class()
    {
        var (d, text) = SingleAt("[Mlp(2, 1)] file partial class Net { }", "NG0023");
        Assert.Equal("Mlp(2, 1)", text);
        Assert.Equal("'Net' is file-local ('file' modifier); a file-local type cannot have parts in another file, and the generated part is one: use internal or private instead", d.GetMessage());
    }

    [Fact]
    public void NG0023_network_in_a_file_local_class()
    {
        var (d, _) = SingleAt("file partial class Outer { [Mlp(2, 1)] internal partial class Net { } }", "NG0023");
        Assert.Equal("'Net' is file-local ('file' modifier on its containing type 'Outer'); a file-local type cannot have parts in another file, and the generated part is one: use internal or private instead", d.GetMessage());
    }

    [Fact]
    public void NG0024_base_class_without_a_parameterless_constructor()
    {
        var (d, text) = SingleAt("public class B { public B(int x) { } } [Mlp(2, 1)] partial class Net : B { }", "NG0024");
        Assert.Equal("Mlp(2, 1)", text);
        Assert.Equal("'Net' derives from 'Demo.B', which has no accessible constructor without arguments; the generated constructor 'Net(int seed = 0)' calls base()", d.GetMessage());
    }

    [Fact]
    public void A_base_class_with_a_parameterless_constructor_is_fine()
    {
        GeneratorHarness.Run(Source("public class B { public int Shared; public B(int x = 1) { } public override string ToString() => \"\"; } [Mlp(2, 1)] partial class Net : B { }"))
            .AssertNoGeneratorDiagnostics().AssertCompilesWithoutWarnings();
    }

    [Fact]
    public void NG0026_abstract_class()
    {
        var (d, text) = SingleAt("[Mlp(2, 1)] abstract partial class Net { }", "NG0026");
        Assert.Equal("Mlp(2, 1)", text);
        Assert.Equal("'Net' is abstract; the generated Load and Trained.Create make instances of it, so declare a concrete class (it may derive from an abstract base)", d.GetMessage());
    }

    [Fact]
    public void NG0027_a_class_whose_full_name_is_a_namespace()
    {
        string source = "namespace System; [NetGen.Mlp(2, 1)] partial class Net { }";
        var result = GeneratorHarness.Run(source);
        var d = Assert.Single(result.GeneratorDiagnostics);
        Assert.Equal("NG0027", d.Id);
        Assert.Equal("NetGen.Mlp(2, 1)", source.Substring(d.Location.SourceSpan.Start, d.Location.SourceSpan.Length));
        Assert.Equal("'System.Net' has the full name of the namespace 'System.Net'; every reference to it (the generated Load returns it) is ambiguous (CS0437): rename the class or move it to another namespace", d.GetMessage());
        Assert.Empty(result.GeneratedSources);
    }

    [Theory]
    [InlineData("Kernels")]
    [InlineData("ModelFile")]
    [InlineData("Initializer")]
    public void NG0027_a_class_whose_full_name_is_a_NetGen_type(string name)
    {
        // The generated code names global::NetGen.Kernels and the like: a class with that full name would take its place.
        string source = $"namespace NetGen; [Mlp(2, 1)] partial class {name} {{ }}";
        var result = GeneratorHarness.Run(source);
        result.AssertDidNotThrow();
        var d = Assert.Single(result.GeneratorDiagnostics);
        Assert.Equal("NG0027", d.Id);
        Assert.Equal("Mlp(2, 1)", source.Substring(d.Location.SourceSpan.Start, d.Location.SourceSpan.Length));
        Assert.Equal($"'NetGen.{name}' has the full name of the type 'NetGen.{name}' of NetGen; references to that name, in the generated code too, would bind to this class instead (CS0436): rename the class or move it to another namespace", d.GetMessage());
        Assert.Empty(result.GeneratedSources);
    }

    [Fact]
    public void A_class_in_the_NetGen_namespace_with_a_name_of_its_own_is_fine()
    {
        GeneratorHarness.Run("namespace NetGen; [Mlp(2, 1)] partial class MyNet { }").AssertNoGeneratorDiagnostics().AssertCompilesWithoutWarnings();
    }

    [Theory]
    [InlineData("[Mlp(2, 2, 1)] public partial class Net { }", true)]
    [InlineData("[Mlp(784, 16, 10, OutputActivation = \"Softmax\", Loss = \"CrossEntropy\")] public partial class Net { }", true)]
    [InlineData("[System.CLSCompliant(false)] [Mlp(2, 2, 1)] public partial class Net { }", false)]
    public void In_a_CLS_compliant_assembly_the_network_compiles_without_warnings(string declaration, bool marked)
    {
        // Without the mark: CS3003 (the ulong fingerprint, NetworkDescription), CS3002 (LoadFrom) in the generated code
        // and CS3016 (the int[] of [Mlp]) at the attribute, errors under TreatWarningsAsErrors.
        var result = GeneratorHarness.Run("using NetGen;\n[assembly: System.CLSCompliant(true)]\nnamespace Demo;\n" + declaration);
        result.AssertNoGeneratorDiagnostics().AssertCompilesWithoutWarnings();
        Assert.Equal(marked, result.SingleSource.Text.Contains("[global::System.CLSCompliant(false)]", StringComparison.Ordinal));
    }

    [Fact]
    public void In_a_CLS_compliant_assembly_under_TreatWarningsAsErrors_the_network_is_generated_and_compiles()
    {
        // Warnings as errors made CS3016 at [Mlp] an error, and the generator took it for a usage the compiler rejects:
        // no code, so CS3016 stayed and every use of the class failed (CS0117).
        var compilation = GeneratorHarness.CreateCompilation(
            "using NetGen;\n[assembly: System.CLSCompliant(true)]\nnamespace Demo;\n[Mlp(2, 2, 1)] public partial class Net { }\n" +
            "public static class Use { public static int Count => Net.ParameterCount; }")
            .WithOptions(GeneratorHarness.CompilationOptions.WithGeneralDiagnosticOption(ReportDiagnostic.Error));
        GeneratorHarness.CreateDriver().RunGeneratorsAndUpdateCompilation(compilation, out var output, out var generatorDiagnostics);
        Assert.Empty(generatorDiagnostics);
        Assert.Single(output.SyntaxTrees, t => t.FilePath.EndsWith(".g.cs", StringComparison.Ordinal));
        Assert.Empty(output.GetDiagnostics());
    }

    [Fact]
    public void Outside_a_CLS_compliant_assembly_nothing_is_marked()
    {
        var result = GeneratorHarness.Run(Source("[Mlp(2, 2, 1)] public partial class Net { }"));
        Assert.DoesNotContain("CLSCompliant", result.SingleSource.Text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("public class Plain : BaseNet { } ")]
    public void NG0028_a_network_deriving_from_a_network(string between)
    {
        // Without it: 35 CS0108 warnings (the base's generated members are not visible to the generator), errors under
        // TreatWarningsAsErrors.
        string parent = between.Length == 0 ? "BaseNet" : "Plain";
        string declaration = $"[Mlp(2, 1)] public partial class BaseNet {{ }} {between}[Mlp(3, 1)] public partial class DerivedNet : {parent} {{ }}";
        var result = GeneratorHarness.Run(Source(declaration));
        result.AssertDidNotThrow();
        var d = Assert.Single(result.GeneratorDiagnostics);
        Assert.Equal("NG0028", d.Id);
        Assert.Equal("Mlp(3, 1)", Source(declaration).Substring(d.Location.SourceSpan.Start, d.Location.SourceSpan.Length));
        Assert.Equal("'DerivedNet' derives from 'Demo.BaseNet', which is a network too ([Mlp]): the generated members of 'DerivedNet' (Predict, Forward, Parameters...) would hide those of 'Demo.BaseNet'; derive both from a class that is not a network, or hold the other network in a field", d.GetMessage());
        Assert.EndsWith("BaseNet.g.cs", Assert.Single(result.GeneratedSources).HintName); // the base network is generated
    }

    [Fact]
    public void NG0029_a_required_member_at_the_member()
    {
        var (d, text) = SingleAt("[Mlp(2, 1)] public partial class Net { public required string Name { get; init; } }", "NG0029");
        Assert.Equal("Name", text);
        Assert.Equal("'Net' has the required member 'Name'; the generated Load and Trained.Create create the network with its constructor and cannot set it: drop 'required' and set the member in an initializer or a constructor", d.GetMessage());
    }

    [Fact]
    public void NG0029_a_required_member_of_a_base_class_at_the_attribute()
    {
        var (d, text) = SingleAt("public class Named { public required int Id; } [Mlp(2, 1)] public partial class Net : Named { }", "NG0029");
        Assert.Equal("Mlp(2, 1)", text);
        Assert.Contains("the required member 'Named.Id'", d.GetMessage());
    }

    [Theory]
    [InlineData("public string Name { get; } = \"net\"; public Net(string name = \"net\") : this(seed: 0) => Name = name;")]
    [InlineData("public Net(double scale = 1) : this(seed: 0) { }")]
    [InlineData("[System.Obsolete(\"use Net(seed)\")] public Net() : this(seed: 0) { }")]
    [InlineData("public Net(int seed, string name = \"\") : this(seed) { }")]
    public void Load_and_Trained_create_the_network_with_the_generated_constructor_whatever_else_is_declared(string constructors)
    {
        // new() was ambiguous with a constructor whose parameters are all optional (CS0121), and called an obsolete
        // parameterless one (CS0612): Load and Trained.Create now name the generated constructor's parameter.
        GeneratorHarness.Run(Source($"[Mlp(2, 1)] public partial class Net {{ {constructors} }}"))
            .AssertNoGeneratorDiagnostics().AssertCompilesWithoutWarnings();
    }

    [Theory]
    [InlineData("[Mlp(2, 1)] partial class { }")]
    [InlineData("[Mlp(2, 1)] partial class")]
    [InlineData("partial class { [Mlp(2, 1)] partial class Net { } }")]
    public void A_class_without_a_name_yet_gets_no_code_and_no_diagnostic_of_ours(string declaration)
    {
        // The compiler reports the missing name (CS1001); an 864-line file with 158 errors would only bury it.
        var result = GeneratorHarness.Run(Source(declaration));
        result.AssertDidNotThrow();
        Assert.Empty(result.GeneratorDiagnostics);
        Assert.Empty(result.GeneratedSources);
    }

    [Fact]
    public void NG0025_UnrollThreshold_above_the_maximum_warns_and_is_capped()
    {
        string source = Source("[Mlp(784, 128, 10, UnrollThreshold = int.MaxValue)] partial class Net { }");
        var result = GeneratorHarness.Run(source);
        var diagnostic = Assert.Single(result.GeneratorDiagnostics);
        Assert.Equal("NG0025", diagnostic.Id);
        Assert.Equal(DiagnosticSeverity.Warning, diagnostic.Severity);
        Assert.Equal("Mlp(784, 128, 10, UnrollThreshold = int.MaxValue)", source.Substring(diagnostic.Location.SourceSpan.Start, diagnostic.Location.SourceSpan.Length));
        Assert.Equal("UnrollThreshold 2,147,483,647 is above the maximum of 4,096 weights per layer; 4,096 is used (larger unrolled layers make huge files, slow builds and slower code)", diagnostic.GetMessage());
        // 784 x 128 and 128 x 10 both exceed... the first; the second (1,280 weights) is unrolled.
        string text = result.SingleSource.Text;
        Assert.Contains("Layer 1: dense 784 -> 128, sigmoid(z) = 1 / (1 + e^-z), loops", text, StringComparison.Ordinal);
        Assert.Contains("Layer 2: dense 128 -> 10, sigmoid(z) = 1 / (1 + e^-z), unrolled", text, StringComparison.Ordinal);
        Assert.False(result.CompilationDiagnostics.Any(d => d.Severity == DiagnosticSeverity.Error));
    }

    [Fact]
    public void The_unrolled_weights_of_a_network_are_bounded_whatever_the_threshold_and_depth()
    {
        // Six 64 x 64 layers of 4,096 weights each, every one at the maximum threshold: only the first fits the budget.
        var result = GeneratorHarness.Run(Source("[Mlp(64, 64, 64, 64, 64, 64, 64, UnrollThreshold = 4096)] partial class Net { }"));
        result.AssertNoGeneratorDiagnostics().AssertCompilesWithoutWarnings();
        string text = result.SingleSource.Text;
        Assert.Contains("Layer 1: dense 64 -> 64, sigmoid(z) = 1 / (1 + e^-z), unrolled", text, StringComparison.Ordinal);
        for (int l = 2; l <= 6; l++) Assert.Contains($"Layer {l}: dense 64 -> 64, sigmoid(z) = 1 / (1 + e^-z), loops", text, StringComparison.Ordinal);
        Assert.True(text.Length < 1_000_000, $"the generated file has {text.Length:N0} characters");
    }

    [Fact]
    public void Names_differing_only_in_case_get_distinct_files()
    {
        var result = GeneratorHarness.Run(
            "using NetGen; namespace Demo { [Mlp(2, 1)] partial class Net { } [Mlp(2, 1)] partial class NET { } } namespace demo { [Mlp(2, 1)] partial class Net { } }");
        result.AssertNoGeneratorDiagnostics().AssertCompilesWithoutWarnings();
        var names = result.GeneratedSources.Select(s => s.HintName).ToList();
        Assert.Equal(3, names.Count);
        Assert.Equal(3, names.Distinct(StringComparer.OrdinalIgnoreCase).Count());
    }

    [Fact]
    public void Mlp_on_two_parts_generates_once_and_leaves_the_error_to_the_compiler()
    {
        var result = GeneratorHarness.Run(Source("[Mlp(2, 1)] partial class Net { }"), Source("[Mlp(2, 3, 1)] partial class Net { }"));
        result.AssertNoGeneratorDiagnostics();
        Assert.Equal("Demo.Net.g.cs", result.SingleSource.HintName);
        Assert.Equal(new[] { "CS0579" }, result.CompilationDiagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).Select(d => d.Id).ToArray());
    }

    [Theory]
    [InlineData("[Mlp(2, 1, Loss = \"MSE\", Loss = \"MSE\")] partial class Net { }", "CS0643")]
    [InlineData("[Mlp(new int[] { 2, true, 1 })] partial class Net { }", "CS0029")]
    [InlineData("static class S { public static int N = 2; } [Mlp(2, S.N, 1)] partial class Net { }", "CS0182")]
    public void An_attribute_the_compiler_rejects_gets_no_NG(string declaration, string compilerError)
    {
        var result = GeneratorHarness.Run(Source(declaration));
        result.AssertNoGeneratorDiagnostics();
        Assert.Empty(result.GeneratedSources);
        Assert.Contains(result.CompilationDiagnostics, d => d.Id == compilerError);
    }

    [Theory]
    [InlineData("namespace Models.@event; [Mlp(2, 1)] partial class Net { }", "Models.event.Net.g.cs")]
    [InlineData("namespace Demo; [Mlp(2, 1)] partial class @class { }", "Demo.class.g.cs")]
    [InlineData("namespace Demo; partial class @params { [Mlp(2, 1)] partial class Net { } }", "Demo.params+Net.g.cs")]
    [InlineData("namespace Demo; partial class @async { [Mlp(2, 1)] partial class @record { } }", "Demo.async+record.g.cs")]
    [InlineData("namespace Réseaux; [Mlp(2, 1)] partial class Réseau { }", "R-00E9seaux.R-00E9seau.g.cs")]
    public void Escaped_and_non_ASCII_names_compile_and_get_valid_hint_names(string source, string hintName)
    {
        var result = GeneratorHarness.Run("using NetGen;\n" + source);
        result.AssertNoGeneratorDiagnostics();
        Assert.Equal(hintName, result.SingleSource.HintName);
        Assert.DoesNotContain(result.CompilationDiagnostics, d => d.Location.SourceTree?.FilePath.EndsWith(".g.cs", StringComparison.Ordinal) == true);
        Assert.DoesNotContain(result.CompilationDiagnostics, d => d.Severity == DiagnosticSeverity.Error);
    }
}
