using System;
using System.IO;
using ShipIt.Train;
using Xunit;

namespace NetGen.Tests.Shipping;

/// <summary>The shipping sample's model file (samples/ShipIt/moons.json) is what its trainer writes, byte for byte.</summary>
public class ShipItModelTests
{
    private static string RepositoryFile(params string[] parts)
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "NetGen.sln"))) return Path.Combine(folder.FullName, Path.Combine(parts));
        }
        throw new InvalidOperationException("NetGen.sln not found above " + AppContext.BaseDirectory);
    }

    [Fact]
    public void Training_again_with_the_same_seed_rewrites_the_committed_model_file_byte_for_byte()
    {
        var (network, accuracy) = MoonsModel.Train(MoonsModel.DefaultSeed);
        Assert.True(accuracy >= 0.95, $"test accuracy {accuracy}");
        using var written = new MemoryStream();
        network.Save(written, MoonsModel.Metadata(MoonsModel.DefaultSeed, accuracy));

        byte[] committed = File.ReadAllBytes(RepositoryFile("samples", "ShipIt", "moons.json"));
        Assert.True(committed.AsSpan().SequenceEqual(written.ToArray()),
            "samples/ShipIt/moons.json differs from a fresh training run; rerun `dotnet run --project samples/ShipIt.Train` and commit the file if the change is intended");
    }

    [Fact]
    public void The_committed_file_loads_into_the_trainers_network()
    {
        var loaded = MoonsNet.Load(RepositoryFile("samples", "ShipIt", "moons.json"));
        var (trained, _) = MoonsModel.Train(MoonsModel.DefaultSeed);
        Assert.Equal(trained.Parameters.ToArray(), loaded.Parameters.ToArray());
    }
}
