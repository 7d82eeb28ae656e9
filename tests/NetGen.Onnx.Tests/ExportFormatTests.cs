using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML.OnnxRuntime;
using Xunit;

namespace NetGen.Onnx.Tests;

/// <summary>What an exported model declares, as ONNX Runtime reads it: names, shapes, types, metadata.</summary>
public class ExportFormatTests
{
    [Fact]
    public void Export_DeclaresNamedInputAndOutputWithADynamicBatchDimension()
    {
        var network = new ExportTanhSigmoidBCE(1);
        using var session = new InferenceSession(OnnxExporter.Export(network, new OnnxExportOptions { InputName = "features", OutputName = "probability" }));

        var input = session.InputMetadata.Single();
        var output = session.OutputMetadata.Single();

        Assert.Equal("features", input.Key);
        Assert.Equal(new[] { -1, ExportTanhSigmoidBCE.InputSize }, input.Value.Dimensions);
        Assert.Equal("batch", input.Value.SymbolicDimensions[0]);
        Assert.Equal(typeof(float), input.Value.ElementType);
        Assert.Equal("probability", output.Key);
        Assert.Equal(new[] { -1, ExportTanhSigmoidBCE.OutputSize }, output.Value.Dimensions);
    }

    [Fact]
    public void Export_DoubleNetwork_HasDoubleTensors()
    {
        using var session = new InferenceSession(OnnxExporter.Export(new ExportDoubleTanhLinearMSE(1)));

        Assert.Equal(typeof(double), session.InputMetadata.Single().Value.ElementType);
        Assert.Equal(typeof(double), session.OutputMetadata.Single().Value.ElementType);
    }

    [Fact]
    public void Export_WritesMetadataPropsAndTheLoss()
    {
        var metadata = new Dictionary<string, string> { ["dataset"] = "moons", ["accuracy"] = "0.99" };
        using var session = new InferenceSession(OnnxExporter.Export(new ExportReLUSoftmaxCrossEntropy(1), new OnnxExportOptions { Metadata = metadata }));

        var props = session.ModelMetadata.CustomMetadataMap;

        Assert.Equal("moons", props["dataset"]);
        Assert.Equal("0.99", props["accuracy"]);
        Assert.Equal("CrossEntropy", props["netgen.loss"]);
        Assert.Equal("NetGen", session.ModelMetadata.ProducerName);
    }

    [Fact]
    public void Export_DescriptionAndParameters_EqualsExportOfTheNetwork()
    {
        var network = new ExportSigmoidTanhMSE(3);
        var parameters = new float[ExportSigmoidTanhMSE.ParameterCount];
        network.CopyParametersTo(parameters);

        byte[] fromDescription = OnnxExporter.Export(ExportSigmoidTanhMSE.Description, parameters.Select(p => (double)p).ToArray());

        Assert.Equal(OnnxExporter.Export(network), fromDescription);
    }

    [Fact]
    public void Export_WrongParameterCount_NamesBothCounts()
    {
        var description = ExportSigmoidTanhMSE.Description;

        var error = Assert.Throws<ArgumentException>(() => OnnxExporter.Export(description, new double[5]));

        Assert.StartsWith($"The network {description} has {description.ParameterCount} parameters; got 5.", error.Message);
    }
}
