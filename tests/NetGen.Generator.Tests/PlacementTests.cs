using System.Linq;
using NetGen.Generator.Tests.Infrastructure;
using Xunit;

namespace NetGen.Generator.Tests;

/// <summary>Networks declared wherever a partial class can be: the generated code must compile cleanly in each place.</summary>
public class PlacementTests
{
    [Fact]
    public void FileScopedNamespace()
    {
        var result = GeneratorHarness.Run("""
            using NetGen;

            namespace Demo.Models;

            [Mlp(2, 3, 1, Activation = "Tanh", OutputActivation = "Sigmoid", Loss = "BCE")]
            public partial class FileScopedNet { }
            """);

        SnapshotTests.AssertCleanSingleSource(result, "Demo.Models.FileScopedNet.g.cs");
        AssertRuns(result, "Demo.Models.FileScopedNet");
    }

    [Fact]
    public void GlobalNamespace()
    {
        var result = GeneratorHarness.Run("""
            [NetGen.Mlp(2, 3, 1)]
            public partial class GlobalNet { }
            """);

        SnapshotTests.AssertCleanSingleSource(result, "GlobalNet.g.cs");
        AssertRuns(result, "GlobalNet");
    }

    [Fact]
    public void InternalClass()
    {
        var result = GeneratorHarness.Run("""
            using NetGen;

            namespace Demo;

            [Mlp(3, 2, Activation = "Linear", Loss = "MSE", Precision = Precision.Double)]
            internal sealed partial class InternalNet { }
            """);

        SnapshotTests.AssertCleanSingleSource(result, "Demo.InternalNet.g.cs");
    }

    [Fact]
    public void NestedInPartialClasses()
    {
        var result = GeneratorHarness.Run("""
            using NetGen;

            namespace Demo
            {
                public static partial class Outer
                {
                    internal partial class Middle
                    {
                        [Mlp(2, 4, 2, Activation = "LeakyReLU", OutputActivation = "Softmax", Loss = "CrossEntropy")]
                        public partial class NestedNet { }
                    }
                }
            }
            """);

        result.AssertNoGeneratorDiagnostics();
        var source = Assert.Single(result.GeneratedSources);
        Assert.Contains("NestedNet", source.HintName);
        Assert.Contains("Middle", source.HintName);
        result.AssertCompilesWithoutWarnings();
        AssertRuns(result, "Demo.Outer+Middle+NestedNet");
    }

    [Fact]
    public void SameClassNameInTwoNamespaces_OneFile()
    {
        var result = GeneratorHarness.Run("""
            using NetGen;

            namespace First
            {
                [Mlp(2, 2, 1, Activation = "Sigmoid", Loss = "BCE")]
                public partial class Net { }
            }

            namespace Second
            {
                [Mlp(3, 4, 2, Activation = "Tanh", OutputActivation = "Linear", Loss = "MSE", Precision = Precision.Double)]
                public partial class Net { }
            }
            """);

        result.AssertNoGeneratorDiagnostics();
        Assert.Equal(2, result.GeneratedSources.Length);
        Assert.Equal(2, result.GeneratedSources.Select(s => s.HintName).Distinct().Count());
        result.AssertCompilesWithoutWarnings();
        using var assembly = result.Load();
        Assert.Equal(2, assembly.CreateNetwork<float>("First.Net").InputSize);
        Assert.Equal(3, assembly.CreateNetwork<double>("Second.Net").InputSize);
    }

    [Fact]
    public void TwoFiles_TwoNetworks()
    {
        var result = GeneratorHarness.Run(
            """
            namespace Demo;
            [NetGen.Mlp(2, 2, 1)]
            public partial class A { }
            """,
            """
            namespace Demo;
            [NetGen.Mlp(2, 3, 1)]
            public partial class B { }
            """);

        result.AssertNoGeneratorDiagnostics();
        Assert.Equal(new[] { "Demo.A.g.cs", "Demo.B.g.cs" }, result.GeneratedSources.Select(s => s.HintName).OrderBy(h => h));
        result.AssertCompilesWithoutWarnings();
    }

    /// <summary>Loads the output and checks that the network can be created and predicts finite values.</summary>
    private static void AssertRuns(GeneratorResult result, string typeName)
    {
        using var assembly = result.Load();
        var type = assembly.GetType(typeName);
        object instance = assembly.CreateInstance(typeName, 1);
        if (instance is INetwork<double> d)
        {
            var output = new double[d.OutputSize];
            d.Predict(new double[d.InputSize], output);
            Assert.All(output, v => Assert.True(double.IsFinite(v)));
        }
        else
        {
            var f = Assert.IsAssignableFrom<INetwork<float>>(instance);
            var output = new float[f.OutputSize];
            f.Predict(new float[f.InputSize], output);
            Assert.All(output, v => Assert.True(float.IsFinite(v)));
        }
        Assert.NotNull(type);
    }
}
