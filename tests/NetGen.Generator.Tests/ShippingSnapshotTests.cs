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

    /// <summary>A trained XOR network (weights rounded by hand from a training run).</summary>
    public const string XorJson = """
        {
          "format": "netgen-mlp",
          "version": 1,
          "layers": [2, 2, 1],
          "activations": ["Sigmoid", "Sigmoid"],
          "loss": "BCE",
          "precision": "Float",
          "parameters": {
            "W1": [[5.712, -5.981], [-6.103, 6.2]],
            "b1": [2.843, -3.1E-1],
            "W2": [[-8.25, 7.5]],
            "b2": [0.125]
          },
          "metadata": { "dataset": "xor" }
        }
        """;

    [Fact]
    public void BakedXor()
    {
        var compilation = GeneratorHarness.CreateCompilation("""
            using NetGen;

            namespace Demo
            {
                [Mlp(2, 2, 1, Activation = "Sigmoid", Loss = "BCE", Weights = "xor.json")]
                public partial class XorNet { }
            }
            """);
        var result = GeneratorHarness.Run(compilation, new[] { new InMemoryAdditionalText("/project/xor.json", XorJson) });

        result.AssertNoGeneratorDiagnostics().AssertCompilesWithoutWarnings();
        Assert.Contains("a1[0] = Sigmoid(5.712f * x[0] - 5.981f * x[1] + 2.843f);", result.SingleSource.Text);
        Assert.Contains("a1[1] = Sigmoid(-6.103f * x[0] + 6.2f * x[1] - 3.1E-1f);", result.SingleSource.Text);
        Snapshot.Verify(result);
    }
}
