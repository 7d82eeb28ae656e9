using NetGen.Generator.Tests.Infrastructure;
using Xunit;

namespace NetGen.Generator.Tests;

/// <summary>The pipeline is incremental: unrelated edits leave every named step cached; a real edit re-runs the model.</summary>
public class CachingTests
{
    private const string XorSource = """
        using NetGen;

        namespace Demo
        {
            [Mlp(2, 2, 1, Activation = "Sigmoid", Loss = "BCE")]
            public partial class XorNet { }
        }
        """;

    [Fact]
    public void TrackingNames_AreDefined()
    {
        Assert.Contains(TrackingNames.Parse, CachingAssertions.TrackingStepNames);
        Assert.Contains(TrackingNames.Networks, CachingAssertions.TrackingStepNames);
    }

    [Fact]
    public void Xor_UnrelatedEdits_AreCached()
    {
        CachingAssertions.AssertCached(XorSource);
    }

    [Fact]
    public void TwoNetworks_UnrelatedEdits_AreCached()
    {
        CachingAssertions.AssertCached(XorSource, """
            namespace Other;
            [NetGen.Mlp(3, 4, 2, Activation = "ReLU", OutputActivation = "Softmax", Loss = "CrossEntropy")]
            public partial class Classifier { }
            """);
    }

    [Fact]
    public void InvalidNetwork_UnrelatedEdits_AreCached()
    {
        // The diagnostics path must be cached too.
        CachingAssertions.AssertCached("""
            using NetGen;
            namespace Demo;
            [Mlp(2, 2, 1, Activation = "Sigmoidd")]
            public partial class Broken { }
            """);
    }

    [Fact]
    public void Xor_ChangingALayerSize_ModifiesTheModel()
    {
        CachingAssertions.AssertModified(XorSource, "Mlp(2, 2, 1,", "Mlp(2, 3, 1,", TrackingNames.Parse, TrackingNames.Networks);
    }

    [Fact]
    public void Xor_ChangingTheLoss_ModifiesTheModel()
    {
        CachingAssertions.AssertModified(XorSource, "Loss = \"BCE\"", "Loss = \"MSE\"", TrackingNames.Parse, TrackingNames.Networks);
    }
}
