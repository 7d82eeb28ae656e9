using System;
using NetGen.Generator.Tests.Infrastructure;
using Xunit;

namespace NetGen.Generator.Tests;

/// <summary>The test infrastructure itself: diffs, loading generated networks.</summary>
public class HarnessTests
{
    [Fact]
    public void Diff_ShowsOnlyChangedLinesWithContextAndLineNumbers()
    {
        string verified = string.Join("\n", Array.ConvertAll(new int[30], _ => "same"));
        string[] lines = verified.Split('\n');
        lines[14] = "changed";
        string received = string.Join("\n", lines);

        string diff = Snapshot.Diff(verified, received);

        Assert.Contains("@@ -12,7 +12,7 @@", diff);
        Assert.Contains("   15       - same", diff);
        Assert.Contains("         15 + changed", diff);
        Assert.Equal(1 + 3 + 2 + 3, diff.Split('\n').Length);
    }

    [Fact]
    public void Diff_InsertedLinesAreNumberedInTheReceivedText()
    {
        string diff = Snapshot.Diff("a\nb\nc", "a\nb\nx\nc");

        Assert.Contains("@@ -1,3 +1,4 @@", diff);
        Assert.Contains("          3 + x", diff);
        Assert.Contains("      3     4   c", diff);
    }

    [Fact]
    public void Verify_SnapshotsGeneratorDiagnostics()
    {
        // No source for an invalid network; its diagnostics go to HarnessTests.Verify_SnapshotsGeneratorDiagnostics.verified.txt.
        var result = GeneratorHarness.Run("""
            namespace Demo;
            [NetGen.Mlp(2, 2, 1, Activation = "Sigmoidd")]
            public partial class Broken { }
            """);

        result.AssertDidNotThrow();
        Assert.Empty(result.GeneratedSources);
        Assert.NotEmpty(result.GeneratorDiagnostics);
        Snapshot.Verify(result);
    }

    [Fact]
    public void GeneratorResult_ReportsCompileErrorsOfUserCode()
    {
        var result = GeneratorHarness.Run("public class Broken { int M() => \"no\"; }");

        Assert.False(result.GeneratorThrew);
        Assert.Empty(result.GeneratedSources);
        Assert.Contains(result.CompilationDiagnostics, d => d.Id == "CS0029");
    }

    [Fact]
    public void GeneratorResult_ReportsWarnings()
    {
        var result = GeneratorHarness.Run("public class Warns { public string Name; }");

        Assert.Contains(result.CompilationDiagnostics, d => d.Id == "CS8618");
    }

    [Fact]
    public void Load_WorkedExample_RunsThroughINetwork()
    {
        // The classic 2-2-2 worked example (sigmoid, SSE), run through the generated code loaded from memory.
        var result = GeneratorHarness.Run("""
            using NetGen;
            namespace Demo;
            [Mlp(2, 2, 2, Activation = "Sigmoid", Loss = "SSE", Precision = Precision.Double)]
            public partial class WorkedExampleNet { }
            """);
        result.AssertNoGeneratorDiagnostics().AssertCompilesWithoutWarnings();

        using var assembly = result.Load();
        var net = assembly.CreateNetwork<double>("Demo.WorkedExampleNet");
        net.LoadParameters(new[] { 0.15, 0.20, 0.25, 0.30, 0.35, 0.35, 0.40, 0.45, 0.50, 0.55, 0.60, 0.60 });
        var output = new double[2];
        net.Forward(new[] { 0.05, 0.10 }, output);
        double loss = net.Backward(new[] { 0.01, 0.99 });
        net.Step(0.5);
        var parameters = new double[net.ParameterCount];
        net.CopyParametersTo(parameters);

        Assert.Equal(0.7513650696, output[0], 1e-9);
        Assert.Equal(0.7729284653, output[1], 1e-9);
        Assert.Equal(0.2983711088, loss, 1e-9);
        double[] expectedW1 = { 0.14978072, 0.19956143, 0.24975114, 0.29950229 };
        double[] expectedW2 = { 0.35891648, 0.40866619, 0.51130127, 0.56137012 };
        for (int i = 0; i < 4; i++)
        {
            Assert.Equal(expectedW1[i], parameters[i], 1e-8);
            Assert.Equal(expectedW2[i], parameters[6 + i], 1e-8);
        }
    }
}
