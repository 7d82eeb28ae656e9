using System;
using Xunit;

namespace NetGen.Tests.Generated;

[Mlp(2, 2, 2, Activation = "Sigmoid", Loss = "SSE", Precision = Precision.Double)]
public partial class WorkedExampleDouble { }

[Mlp(2, 2, 2, Activation = "Sigmoid", Loss = "SSE")]
public partial class WorkedExampleFloat { }

/// <summary>
/// The hand-worked 2-2-2 example of the seed tutorial (file 003): every number below is computed by hand from the
/// tutorial's weights, not by the code under test. The tutorial prints 0.75136079 for the first output; the
/// arithmetic gives 0.7513650696 (the tutorial's figure is a misprint), which is what is asserted here.
/// </summary>
public class WorkedExampleTests
{
    // Flat order: W1 row-major [[w1, w2], [w3, w4]], b1, W2 row-major [[w5, w6], [w7, w8]], b2.
    private static readonly double[] Initial = { .15, .20, .25, .30, .35, .35, .40, .45, .50, .55, .60, .60 };
    private static readonly double[] Input = { .05, .10 };
    private static readonly double[] Target = { .01, .99 };

    private static readonly double[] ExpectedOutputs = { 0.7513650696, 0.7729284653 };
    private const double ExpectedLoss = 0.2983711088;
    private static readonly double[] ExpectedW1 = { 0.14978072, 0.19956143, 0.24975114, 0.29950229 };
    private static readonly double[] ExpectedW2 = { 0.35891648, 0.40866619, 0.51130127, 0.56137012 };

    [Fact]
    public void Double_precision_reproduces_the_walk_through_to_1e_8()
    {
        var net = new WorkedExampleDouble();
        net.LoadParameters(Initial);
        var output = new double[2];
        net.Forward(Input, output);
        Assert.Equal(ExpectedOutputs[0], output[0], 1e-9);
        Assert.Equal(ExpectedOutputs[1], output[1], 1e-9);
        Assert.Equal(ExpectedLoss, net.Backward(Target), 1e-9);
        Assert.Equal(ExpectedLoss, WorkedExampleDouble.Loss(output, Target), 1e-9);

        net.Step(0.5);
        AssertAll(ExpectedW1, net.W1.ToArray(), 1e-8);
        AssertAll(ExpectedW2, net.W2.ToArray(), 1e-8);
    }

    [Fact]
    public void Float_precision_reproduces_the_walk_through_to_1e_6()
    {
        var net = new WorkedExampleFloat();
        net.LoadParameters(Array.ConvertAll(Initial, v => (float)v));
        var output = new float[2];
        net.Forward(Array.ConvertAll(Input, v => (float)v), output);
        Assert.Equal(ExpectedOutputs[0], output[0], 1e-6);
        Assert.Equal(ExpectedOutputs[1], output[1], 1e-6);
        Assert.Equal(ExpectedLoss, net.Backward(Array.ConvertAll(Target, v => (float)v)), 1e-6);

        net.Step(0.5f);
        AssertAll(ExpectedW1, Array.ConvertAll(net.W1.ToArray(), v => (double)v), 1e-6);
        AssertAll(ExpectedW2, Array.ConvertAll(net.W2.ToArray(), v => (double)v), 1e-6);
    }

    [Fact]
    public void The_typed_Predict_overloads_agree_with_the_span_overload()
    {
        var net = new WorkedExampleDouble();
        net.LoadParameters(Initial);
        var output = new double[2];
        net.Predict(Input, output);
        WorkedExampleDouble.Output typed = net.Predict(new WorkedExampleDouble.Input(.05, .10));
        WorkedExampleDouble.Output scalars = net.Predict(.05, .10);
        Assert.Equal(output[0], typed[0]);
        Assert.Equal(output[1], typed[1]);
        Assert.Equal(output[0], scalars[0]);
        Assert.Equal(1, typed.ArgMax());
        Assert.Equal("[" + output[0].ToString("R", System.Globalization.CultureInfo.InvariantCulture) + ", "
            + output[1].ToString("R", System.Globalization.CultureInfo.InvariantCulture) + "]", typed.ToString());
    }

    private static void AssertAll(double[] expected, double[] actual, double tolerance)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++) Assert.Equal(expected[i], actual[i], tolerance);
    }
}
