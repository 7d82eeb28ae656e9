using System.Linq;
using NetGen.Generator.Tests.Infrastructure;
using Xunit;

namespace NetGen.Generator.Tests;

/// <summary>Snapshots of the shapes for shipping a model: inference-only classes and baked weights.</summary>
public class ShippingSnapshotTests
{
    [Fact]
    public void InferenceOnlyXor()
    {
        var result = GeneratorHarness.Run("""
            using NetGen;

            namespace Demo
            {
                [Mlp(2, 2, 1, Activation = "Sigmoid", Loss = "BCE", InferenceOnly = true)]
                public partial class XorNet { }
            }
            """);

        result.AssertNoGeneratorDiagnostics().AssertCompilesWithoutWarnings();
        Assert.Equal("Demo.XorNet.g.cs", result.SingleSource.HintName);
        Assert.DoesNotContain("_gradients", result.SingleSource.Text);
        Assert.DoesNotContain("Derivative", result.SingleSource.Text);
        Snapshot.Verify(result);
    }
}
