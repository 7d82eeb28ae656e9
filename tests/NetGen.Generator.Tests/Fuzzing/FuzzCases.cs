using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis.CSharp;

namespace NetGen.Generator.Tests.Fuzzing;

/// <summary>One fuzz case: source files (Source0.cs, ...) and the language version they are compiled with.</summary>
public sealed record FuzzCase(string Name, string[] Sources, LanguageVersion LanguageVersion = LanguageVersion.CSharp12)
{
    public override string ToString() => $"{Name} (C# {LanguageVersion.ToDisplayString()}):\n" +
        string.Join("\n", Sources.Select((s, i) => $"--- Source{i}.cs\n{s}"));
}

/// <summary>
/// Writes [Mlp] usages and declarations the way a hostile (or merely inventive) user would: a seeded random mix of
/// attribute arguments, type shapes, names, members and language versions, plus a fixed list of adversarial cases
/// (every repro of issue 7 among them). Sizes stay small enough that a case compiles in milliseconds.
/// </summary>
public static class FuzzCases
{
    private static readonly string[] ActivationValues =
    {
        "\"Sigmoid\"", "\"Tanh\"", "\"ReLU\"", "\"LeakyReLU\"", "\"Linear\"", "\"Softmax\"", "\"relu\"", "\" tanh \"",
        "\"ReLU,Tanh\"", "\"ReLU, Tanh, Sigmoid\"", "\"Relu,,Tanh\"", "\"Foo\"", "\"\"", "null", "1", "\"Sigmoid,Softmax\"",
        "\"Softmax,ReLU\"", "nameof(System.Math)",
    };

    private static readonly string[] LossValues =
    {
        "\"MSE\"", "\"SSE\"", "\"BCE\"", "\"CrossEntropy\"", "\"mse\"", "\" bce \"", "\"Hinge\"", "\"\"", "null", "5", "\"crossentropy\"",
    };

    private static readonly string[] PrecisionValues =
    {
        "Precision.Float", "Precision.Double", "(Precision)7", "(Precision)(-1)", "1", "NetGen.Precision.Double",
    };

    private static readonly string[] InitValues =
    {
        "WeightInit.Auto", "WeightInit.Xavier", "WeightInit.He", "WeightInit.Normal", "WeightInit.Uniform", "WeightInit.Zero",
        "(WeightInit)9", "(WeightInit)(-3)",
    };

    private static readonly string[] UnrollValues =
    {
        "0", "1", "16", "256", "1000", "4096", "-1", "int.MaxValue", "int.MinValue", "\"x\"", "100000",
    };

    private static readonly string[] NamedArguments = { "Activation", "OutputActivation", "Loss", "Precision", "Init", "UnrollThreshold" };

    /// <summary>Members that collide with generated ones (by name) and members that do not.</summary>
    private static readonly string[] Members =
    {
        "public void Predict() { }", "public int W1;", "public int B2 { get; set; }", "public class Input { }", "public int Output;",
        "public static int Loss;", "private int _parameters;", "private static float Sigmoid(float z) => z;", "public int InputSize;",
        "public override string ToString() => \"mine\";", "public void Step(float learningRate) { }", "private struct Buffer4 { }",
        "private class Activations { }", "private int Deltas;", "private int ParameterBlock;", "public static string Description = \"\";",
        "public int Parameters;", "public void Forward() { }", "public double TrainBatch;", "private int _input;", "private int _gradients;",
        "private int ClampedLog;", "private int ReLUDerivative;", "private int Run;", "public int LayerCount;", "public int ArchitectureFingerprint;",
        "public int Predict(string text) => text.Length;", "public void InitializeParameters() { }", "public int AccumulatedSamples;",
        "public int Foo;", "public int Bar { get; set; }", "public void Train() { }", "private readonly int _seed = 1;", "public event System.Action? Changed;",
        "public static int Count;", "public const int Size = 3;", "public int this[int i] => i;", "public Net2 Other = null!;",
    };

    private static readonly string[] Namespaces =
    {
        "", "Demo", "Demo", "demo", "Demo.Sub", "Models.@event", "@class", "Réseaux", "Demo.Net", "NetGen", "System.Custom", "Global",
    };

    private static readonly string[] TypeNames =
    {
        "Net", "Net", "Net", "NET", "net", "@class", "@params", "Réseau", "Net_2", "Input", "Loss", "Predict", "W1", "Kernels", "@var", "record2", "Step",
    };

    private static readonly string[] Containers =
    {
        "", "", "", "partial class Outer", "partial class @params", "class Outer", "partial struct S", "partial record R",
        "partial record struct RS", "static partial class Holder", "partial class G<T>", "file partial class F", "partial interface I",
        "partial record R(int X)", "partial class Outer(int x)",
    };

    private static readonly string[] Modifiers = { "public", "internal", "", "sealed", "abstract", "static", "file", "public sealed", "private" };

    private static readonly string[] Kinds = { "class", "class", "class", "class", "class", "class", "struct", "record", "record struct", "interface" };

    private static readonly string[] ExtraAttributes =
    {
        "", "", "", "", "[System.Runtime.InteropServices.StructLayout(System.Runtime.InteropServices.LayoutKind.Explicit)]",
        "[System.Runtime.InteropServices.StructLayout(System.Runtime.InteropServices.LayoutKind.Sequential)]", "[System.Serializable]",
        "[System.Obsolete(\"old\")]",
    };

    private static readonly string[] Bases =
    {
        "", "", "", "", "", " : BaseWithPredict", " : BaseWithoutDefaultCtor", " : BaseSealedToString", " : System.Exception",
        " : System.IDisposable", " : BaseBenign", " : BaseVirtualStep",
    };

    private const string BaseTypes = """

        public class BaseWithPredict { public void Predict() { } }
        public class BaseWithoutDefaultCtor { public BaseWithoutDefaultCtor(int x) { } }
        public class BaseSealedToString { public sealed override string ToString() => ""; }
        public class BaseBenign { public int Shared; protected void Helper() { } }
        public class BaseVirtualStep { public virtual void Step(float learningRate) { } }
        public class Net2 { }
        public static class Sizes { public const int C = 3; public static readonly int R = 3; }
        """;

    private static readonly LanguageVersion[] Versions =
    {
        LanguageVersion.CSharp10, LanguageVersion.CSharp11, LanguageVersion.Latest, LanguageVersion.Preview, LanguageVersion.Default,
    };

    /// <summary><paramref name="count"/> random cases from <paramref name="seed"/>.</summary>
    public static IEnumerable<FuzzCase> Random(int seed, int count)
    {
        var random = new Random(seed);
        for (int i = 0; i < count; i++) yield return RandomCase(random, $"random #{i} (seed {seed})");
    }

    private static T Pick<T>(Random random, IReadOnlyList<T> items) => items[random.Next(items.Count)];

    private static bool Chance(Random random, double p) => random.NextDouble() < p;

    private static string RandomSizes(Random random)
    {
        int roll = random.Next(100);
        if (roll < 3) return "";
        if (roll < 5) return "null";
        if (roll < 7) return "new int[0]";
        if (roll < 9) return "new int[] { 2, true, 1 }";
        if (roll < 11) return "2, Sizes.R, 1";
        if (roll < 13) return "Sizes.C, 2 + 1, 1";
        if (roll < 14) return "'\\u0002', 1";
        if (roll < 15) return "2L, 1";
        if (roll < 16) return "2, int.MaxValue, 1";
        if (roll < 17) return "784, 100000, 10";
        if (roll < 18) return "2, 1.5, 1";
        if (roll < 19) return "new[] { new[] { 2 } }";
        int layers = random.Next(1, 6);
        var sizes = new List<string>();
        for (int l = 0; l < layers; l++)
        {
            int r = random.Next(100);
            sizes.Add(r < 4 ? "0" : r < 7 ? "-1" : r < 9 ? "-0" : random.Next(1, r < 95 ? 9 : 40).ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
        string list = string.Join(", ", sizes);
        return Chance(random, 0.15) ? $"new[] {{ {list} }}" : list;
    }

    private static string RandomAttribute(Random random)
    {
        var arguments = new List<string>();
        string sizes = RandomSizes(random);
        if (sizes.Length > 0) arguments.Add(sizes);
        foreach (string name in NamedArguments)
        {
            if (!Chance(random, 0.35)) continue;
            string value = name switch
            {
                "Activation" or "OutputActivation" => Pick(random, ActivationValues),
                "Loss" => Pick(random, LossValues),
                "Precision" => Pick(random, PrecisionValues),
                "Init" => Pick(random, InitValues),
                _ => Pick(random, UnrollValues),
            };
            arguments.Add($"{name} = {value}");
            if (Chance(random, 0.05)) arguments.Add($"{name} = {value}");
        }
        if (Chance(random, 0.02)) arguments.Add("Unknown = 1");
        string attribute = Chance(random, 0.1) ? "NetGen.Mlp" : Chance(random, 0.05) ? "MlpAttribute" : "Mlp";
        return arguments.Count == 0 && Chance(random, 0.5) ? $"[{attribute}]" : $"[{attribute}({string.Join(", ", arguments)})]";
    }

    private static FuzzCase RandomCase(Random random, string name)
    {
        string ns = Pick(random, Namespaces);
        string container = Chance(random, 0.3) ? Pick(random, Containers) : "";
        string kind = Pick(random, Kinds);
        string modifiers = Pick(random, Modifiers);
        if (container.Length == 0 && modifiers.Contains("private", StringComparison.Ordinal)) modifiers = "internal";
        if (container.Length > 0 && modifiers == "file") modifiers = "";
        string typeName = Pick(random, TypeNames);
        string primary = kind.Contains("class", StringComparison.Ordinal) && Chance(random, 0.06) ? (Chance(random, 0.5) ? "(int seed)" : "()") : "";
        string baseList = kind == "class" && modifiers != "static" && Chance(random, 0.3) ? Pick(random, Bases) : "";
        string partial = Chance(random, 0.93) ? "partial " : "";
        var members = new List<string>();
        if (Chance(random, 0.3))
        {
            int count = random.Next(1, 4);
            for (int m = 0; m < count; m++) members.Add(Pick(random, Members));
        }
        string extra = Pick(random, ExtraAttributes);
        string declaration =
            $"{extra}\n{RandomAttribute(random)}\n{modifiers} {partial}{kind} {typeName}{primary}{baseList}\n{{\n    {string.Join("\n    ", members.Distinct())}\n}}";
        if (container.Length > 0) declaration = $"{container}\n{{\n{declaration}\n}}";
        string file = Wrap(ns, declaration, fileScoped: Chance(random, 0.5)) + BaseTypes;
        var version = Chance(random, 0.06) ? Pick(random, Versions) : LanguageVersion.CSharp12;

        // Sometimes a second file: a case-variant network, another part of the same class, or a same-named file class.
        if (Chance(random, 0.08))
        {
            string second = random.Next(4) switch
            {
                0 => Wrap(ns, $"[Mlp(2, 1)] partial class {typeName.ToUpperInvariant().TrimStart('@')}X {{ }}", fileScoped: false),
                1 => Wrap(ns.ToLowerInvariant(), $"[Mlp(2, 1)] partial class {typeName} {{ }}", fileScoped: false),
                2 => Wrap(ns, $"{RandomAttribute(random)} partial class {typeName} {{ }}", fileScoped: false),
                _ => Wrap(ns, $"[Mlp(3, 1)] file partial class {typeName} {{ }}", fileScoped: false),
            };
            return new FuzzCase(name, new[] { file, second }, version);
        }
        return new FuzzCase(name, new[] { file }, version);
    }

    private static string Wrap(string ns, string declaration, bool fileScoped)
    {
        string usings = "using NetGen;\n";
        if (ns.Length == 0) return usings + declaration + "\n";
        return fileScoped ? $"{usings}namespace {ns};\n{declaration}\n" : $"{usings}namespace {ns}\n{{\n{declaration}\n}}\n";
    }

    private static FuzzCase Case(string name, params string[] sources) => new(name, sources.Select(s => "using NetGen;\n" + s).ToArray());

    /// <summary>Hand-written hostile cases: each repro of issue 7 and its neighbours.</summary>
    public static IEnumerable<FuzzCase> Adversarial()
    {
        yield return Case("duplicated named argument", "namespace Demo; [Mlp(2, 1, Loss = \"MSE\", Loss = \"MSE\")] partial class Net { }");
        yield return Case("duplicated named argument, different values", "namespace Demo; [Mlp(2, 1, Loss = \"MSE\", Loss = \"Foo\")] partial class Net { }");
        yield return Case("Net beside NET", "namespace Demo; [Mlp(2, 1)] partial class Net { } [Mlp(2, 1)] partial class NET { }");
        yield return Case("namespace Demo beside demo", "namespace Demo { [Mlp(2, 1)] partial class Net { } } namespace demo { [Mlp(2, 1)] partial class Net { } }");
        yield return Case("nested Outer+Net beside namespace Outer.Net", "namespace Demo { partial class Outer { [Mlp(2, 1)] partial class Net { } } } namespace Demo.Outer { [Mlp(2, 1)] partial class Net { } }");
        yield return Case("[Mlp] on two partial parts", "namespace Demo; [Mlp(2, 1)] partial class Net { } [Mlp(2, 1)] partial class Net { }");
        yield return Case("[Mlp] on two partial parts in two files", "namespace Demo; [Mlp(2, 1)] partial class Net { }", "namespace Demo; [Mlp(2, 3, 1)] partial class Net { }");
        yield return Case("[Mlp] on one part, another part plain", "namespace Demo; [Mlp(2, 1)] partial class Net { }", "namespace Demo; partial class Net { public int Extra; }");
        yield return Case("two file classes with the same name", "namespace Demo; [Mlp(2, 1)] file partial class Net { }", "namespace Demo; [Mlp(3, 1)] file partial class Net { }");
        yield return Case("file class", "namespace Demo; [Mlp(2, 1)] file partial class Net { }");
        yield return Case("file class around a network", "namespace Demo; file partial class Outer { [Mlp(2, 1)] internal partial class Net { } }");
        yield return Case("namespace with @event", "namespace Models.@event; [Mlp(2, 1)] partial class Net { }");
        yield return Case("@class as type name", "namespace Demo; [Mlp(2, 1)] partial class @class { }");
        yield return Case("@params containing type", "namespace Demo; partial class @params { [Mlp(2, 1)] partial class Net { } }");
        yield return Case("contextual keyword type names", "namespace Demo; [Mlp(2, 1)] partial class @record { } [Mlp(2, 1)] partial class var2 { } partial class @async { [Mlp(2, 1)] partial class @await { } }");
        yield return Case("unicode names", "namespace Réseaux; [Mlp(2, 1)] partial class Réseau { } [Mlp(2, 1)] partial class Net\\u0041 { }");
        yield return Case("primary constructor", "namespace Demo; [Mlp(2, 1)] partial class Net(int seed) { public int Seed => seed; }");
        yield return Case("empty primary constructor", "namespace Demo; [Mlp(2, 1)] partial class Net() { }");
        yield return Case("explicit layout", "using System.Runtime.InteropServices; namespace Demo; [Mlp(2, 1)] [StructLayout(LayoutKind.Explicit)] partial class Net { }");
        yield return Case("member Predict", "namespace Demo; [Mlp(2, 1)] partial class Net { public void Predict() { } }");
        yield return Case("member W1", "namespace Demo; [Mlp(2, 1)] partial class Net { public int W1; }");
        yield return Case("nested type Input", "namespace Demo; [Mlp(2, 1)] partial class Net { public class Input { } }");
        yield return Case("member Output in another part", "namespace Demo; [Mlp(2, 1)] partial class Net { }", "namespace Demo; partial class Net { public int Output; }");
        yield return Case("class named Loss", "namespace Demo; [Mlp(2, 1)] partial class Loss { }");
        yield return Case("class named Input", "namespace Demo; [Mlp(2, 1)] partial class Input { }");
        yield return Case("constructor with an int", "namespace Demo; [Mlp(2, 1)] partial class Net { public Net(int x) { } }");
        yield return Case("base with Predict", "namespace Demo; public class B { public void Predict() { } } [Mlp(2, 1)] partial class Net : B { }");
        yield return Case("base without a parameterless constructor", "namespace Demo; public class B { public B(int x) { } } [Mlp(2, 1)] partial class Net : B { }");
        yield return Case("base with a sealed ToString", "namespace Demo; public class B { public sealed override string ToString() => \"\"; } [Mlp(2, 1)] partial class Net : B { }");
        yield return Case("LangVersion 11", "namespace Demo; [Mlp(2, 1)] partial class Net { }") with { LanguageVersion = LanguageVersion.CSharp11 };
        yield return Case("LangVersion 10", "namespace Demo; [Mlp(2, 1)] partial class Net { }") with { LanguageVersion = LanguageVersion.CSharp10 };
        yield return Case("bool in the sizes", "namespace Demo; [Mlp(new int[] { 2, true, 1 })] partial class Net { }");
        yield return Case("non-constant size", "namespace Demo; static class S { public static int N = 2; } [Mlp(2, S.N, 1)] partial class Net { }");
        yield return Case("non-constant loss", "namespace Demo; static class S { public static string L = \"MSE\"; } [Mlp(2, 1, Loss = S.L)] partial class Net { }");
        yield return Case("undefined identifier", "namespace Demo; [Mlp(2, Missing, 1)] partial class Net { }");
        yield return Case("UnrollThreshold int.MaxValue", "namespace Demo; [Mlp(64, 64, 10, UnrollThreshold = int.MaxValue)] partial class Net { }");
        yield return Case("UnrollThreshold int.MaxValue on 784-128-10", "namespace Demo; [Mlp(784, 128, 10, UnrollThreshold = int.MaxValue)] partial class Net { }");
        yield return Case("UnrollThreshold int.MaxValue on 1000-1000-1000", "namespace Demo; [Mlp(1000, 1000, 1000, UnrollThreshold = int.MaxValue)] partial class Net { }");
        yield return Case("UnrollThreshold at the maximum on many layers", "namespace Demo; [Mlp(64, 64, 64, 64, 64, 64, 10, UnrollThreshold = 4096)] partial class Net { }");
        yield return Case("UnrollThreshold just above the maximum", "namespace Demo; [Mlp(8, 8, 1, UnrollThreshold = 100000)] partial class Net { }");
        yield return Case("user-defined MlpAttribute with a string", """
            namespace NetGen { [System.AttributeUsage(System.AttributeTargets.Class)] public sealed class MlpAttribute : System.Attribute { public MlpAttribute(string sizes) { } public object? Loss { get; set; } } }
            namespace Demo { [NetGen.Mlp("2,1", Loss = new object[] { 1, "a" })] partial class Net { } }
            """);
        yield return Case("user-defined MlpAttribute with object params", """
            namespace NetGen { [System.AttributeUsage(System.AttributeTargets.Class)] public sealed class MlpAttribute : System.Attribute { public MlpAttribute(params object[] sizes) { } public int[]? Activation { get; set; } public string? Precision { get; set; } } }
            namespace Demo { [NetGen.Mlp(2, new[] { 1 }, "x", Activation = new[] { 1, 2 }, Precision = "Double")] partial class Net { } }
            """);
        yield return Case("user-defined MlpAttribute with no constructor arguments", """
            namespace NetGen { [System.AttributeUsage(System.AttributeTargets.Class)] public sealed class MlpAttribute : System.Attribute { public int UnrollThreshold { get; set; } public System.Type? Loss { get; set; } } }
            namespace Demo { [NetGen.Mlp(UnrollThreshold = 3, Loss = typeof(int))] partial class Net { } }
            """);
        yield return Case("user-defined MlpAttribute with two constructor arguments", """
            namespace NetGen { [System.AttributeUsage(System.AttributeTargets.Class)] public sealed class MlpAttribute : System.Attribute { public MlpAttribute(int a, int b) { } public double Activation { get; set; } } }
            namespace Demo { [NetGen.Mlp(2, 1, Activation = 1.5)] partial class Net { } }
            """);
        yield return Case("struct network", "namespace Demo; [Mlp(2, 1)] partial struct Net { }");
        yield return Case("record network", "namespace Demo; [Mlp(2, 1)] partial record Net { }");
        yield return Case("interface", "namespace Demo; [Mlp(2, 1)] partial interface Net { }");
        yield return Case("network in an interface", "namespace Demo; partial interface I { [Mlp(2, 1)] partial class Net { } }");
        yield return Case("network in a record with a primary constructor", "namespace Demo; partial record R(int X) { [Mlp(2, 1)] partial class Net { } }");
        yield return Case("network in a struct", "namespace Demo; partial struct S { [Mlp(2, 1)] private partial class Net { } }");
        yield return Case("deep nesting", "namespace A.B.C; partial class X { partial struct Y { partial record Z { [Mlp(2, 2, 1)] protected internal partial class Net { } } } }");
        yield return Case("global namespace", "[Mlp(2, 1)] partial class Net { }");
        yield return Case("namespace NetGen", "namespace NetGen; [Mlp(2, 1)] partial class Net { }");
        yield return Case("namespace System", "namespace System; [NetGen.Mlp(2, 1)] partial class Net { }");
        yield return Case("class named Kernels", "namespace Demo; [Mlp(2, 1)] partial class Kernels { }");
        yield return Case("class named NetGen", "namespace Demo; [Mlp(2, 1)] partial class NetGen { }");
        yield return Case("type System in the namespace", "namespace Demo; class System { } [Mlp(2, 1)] partial class Net { }");
        yield return Case("abstract class", "namespace Demo; [Mlp(2, 1)] abstract partial class Net { }");
        yield return Case("sealed unsafe-free class with events", "namespace Demo; [Mlp(2, 2, 1)] sealed partial class Net { public event System.Action? Done; void Raise() => Done?.Invoke(); }");
        yield return Case("obsolete class", "namespace Demo; [System.Obsolete] [Mlp(2, 1)] partial class Net { }");
        yield return Case("many layers", "namespace Demo; [Mlp(2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 1, Activation = \"Tanh\")] partial class Net { }");
        yield return Case("softmax outputs", "namespace Demo; [Mlp(4, 3, OutputActivation = \"Softmax\", Loss = \"CrossEntropy\")] partial class Net { }");
        yield return Case("double precision", "namespace Demo; [Mlp(2, 3, 1, Precision = Precision.Double, Init = WeightInit.Zero)] partial class Net { }");
        yield return Case("char as a size", "namespace Demo; [Mlp('\\u0002', 1)] partial class Net { }");
        yield return Case("const expressions as sizes", "namespace Demo; static class S { public const int N = 3; } [Mlp(S.N, S.N * 2 - 1, 1)] partial class Net { }");
        yield return Case("attribute on a struct record", "namespace Demo; [Mlp(2, 1)] partial record struct Net { }");
        yield return Case("static class", "namespace Demo; [Mlp(2, 1)] static partial class Net { }");
        yield return Case("generic class", "namespace Demo; [Mlp(2, 1)] partial class Net<T> { }");
        yield return Case("not partial", "namespace Demo; [Mlp(2, 1)] class Net { }");
        yield return Case("partial in one part only", "namespace Demo; [Mlp(2, 1)] partial class Net { }", "namespace Demo; class Net { }");
        yield return Case("two classes, one partial", "namespace Demo; [Mlp(2, 1)] class Net { }", "namespace Demo; [Mlp(2, 1)] partial class Net { }");
    }
}
