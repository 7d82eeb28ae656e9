using System;
using System.IO;
using System.Linq;
using System.Text.Json;

namespace NetGen.Onnx.Tests;

/// <summary>A model exported by torch.onnx.export and PyTorch's own outputs on fixed inputs (scripts/make-pytorch-fixture.py).</summary>
public sealed class PyTorchFixture
{
    private PyTorchFixture(string name, float[][] inputs, float[][] outputs)
    {
        Name = name;
        Inputs = inputs;
        Outputs = outputs;
    }

    public string Name { get; }

    public string OnnxPath => Path.Combine(AppContext.BaseDirectory, "Fixtures", Name + ".onnx");

    public float[][] Inputs { get; }

    public float[][] Outputs { get; }

    public static PyTorchFixture Load(string name)
    {
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", name + ".json")));
        float[][] Rows(string property) => json.RootElement.GetProperty(property).EnumerateArray()
            .Select(row => row.EnumerateArray().Select(v => v.GetSingle()).ToArray()).ToArray();
        return new PyTorchFixture(name, Rows("inputs"), Rows("outputs"));
    }

    /// <summary>The largest |PyTorch - NetGen| over every output of every fixed input.</summary>
    public double MaxDifference(IPredictor<float> network)
    {
        double max = 0;
        var output = new float[network.OutputSize];
        for (int row = 0; row < Inputs.Length; row++)
        {
            network.Predict(Inputs[row], output);
            for (int k = 0; k < output.Length; k++) max = Math.Max(max, Math.Abs(output[k] - (double)Outputs[row][k]));
        }
        return max;
    }
}
