using Onnx;
using Xunit;
using static NetGen.Onnx.Tests.OnnxModels;

namespace NetGen.Onnx.Tests;

/// <summary>
/// The netgen.loss metadata is taken when the output layer can train with it, by the generator's rules
/// (docs/diagnostics.md: NG0007 CrossEntropy needs a Softmax output, NG0008 a Softmax output needs CrossEntropy, NG0009
/// BCE needs a Sigmoid output). A loss that contradicts the output layer is replaced, with a warning naming the entry,
/// by the loss an import without the metadata chooses, so the [Mlp] line compiles.
/// </summary>
public class ImportLossTests
{
    [Theory]
    [InlineData("Sigmoid", "CrossEntropy", "MSE", "CrossEntropy needs a Softmax output (NG0007)")]
    [InlineData("Relu", "BCE", "MSE", "BCE needs outputs in (0, 1), a Sigmoid output (NG0009)")]
    [InlineData("Tanh", "bce", "MSE", "BCE needs outputs in (0, 1), a Sigmoid output (NG0009)")]
    [InlineData("Softmax", "MSE", "CrossEntropy", "a Softmax output needs the CrossEntropy loss (NG0008)")]
    [InlineData("Softmax", "BCE", "CrossEntropy", "a Softmax output needs the CrossEntropy loss (NG0008)")]
    public void ALossTheOutputCannotTrainWith_IsReplacedWithAWarning(string outputOp, string named, string expected, string why)
    {
        var imported = OnnxImporter.Read(WithOutput(outputOp, named), "m.onnx");

        Assert.Equal(expected, NetworkDescription.NameOf(imported.Description.Loss));
        string output = NetworkDescription.NameOf(imported.Description.Activations[^1]);
        Assert.Equal(new[]
        {
            $"m.onnx: the metadata netgen.loss = '{named}' does not fit the {output} output layer ({why}); the loss is {expected}, "
                + "as without the metadata (the loss only matters for training)",
        }, imported.Warnings);
        Assert.Contains($"Loss = \"{expected}\"", imported.Attribute);
    }

    [Theory]
    [InlineData("Sigmoid", "BCE")]
    [InlineData("Sigmoid", "SSE")]
    [InlineData("Relu", "SSE")]
    [InlineData("Softmax", "CrossEntropy")]
    public void ALossTheOutputTrainsWith_IsTaken(string outputOp, string named)
    {
        var imported = OnnxImporter.Read(WithOutput(outputOp, named), "m.onnx");

        Assert.Equal(named, NetworkDescription.NameOf(imported.Description.Loss));
        Assert.Empty(imported.Warnings);
    }

    [Fact]
    public void AnUnknownLoss_IsStillAnError()
    {
        var error = Assert.Throws<OnnxImportException>(() => OnnxImporter.Read(WithOutput("Sigmoid", "MAE"), "m.onnx"));

        Assert.Equal("m.onnx: the metadata netgen.loss = 'MAE' is not a NetGen loss (MSE, SSE, BCE, CrossEntropy)", error.Message);
    }

    /// <summary>The 4-3-2 classifier with its last node (Softmax) replaced by <paramref name="outputOp"/> and netgen.loss = <paramref name="loss"/>.</summary>
    private static byte[] WithOutput(string outputOp, string loss)
    {
        var model = GemmClassifier();
        model.Graph.Node[3] = Node(outputOp, "out", new[] { "z2" }, "output");
        model.MetadataProps.Add(new StringStringEntryProto { Key = "netgen.loss", Value = loss });
        return model.Bytes();
    }
}
