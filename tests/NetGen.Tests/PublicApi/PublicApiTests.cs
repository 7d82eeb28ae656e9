using System;
using System.IO;
using System.Runtime.CompilerServices;
using PublicApiGenerator;
using Xunit;

namespace NetGen.Tests.PublicApi;

/// <summary>
/// The public API of the runtime library and of the datasets package, snapshot-tested so that every change to it is
/// deliberate: the text PublicApiGenerator writes for an assembly must equal <c>{assembly}.verified.txt</c> beside this file. After an intended change, run
/// the tests with <c>NETGEN_ACCEPT=1</c> (as for the generator's snapshots) and review the diff of the verified file.
/// </summary>
public class PublicApiTests
{
    [Theory]
    [InlineData("NetGen")]
    [InlineData("NetGen.Datasets")]
    public void The_public_api_is_the_verified_one(string assemblyName)
    {
        var assembly = assemblyName switch
        {
            "NetGen" => typeof(INetwork<>).Assembly,
            "NetGen.Datasets" => typeof(Datasets).Assembly,
            _ => throw new ArgumentOutOfRangeException(nameof(assemblyName), assemblyName, "Not one of NetGen's packages."),
        };
        Assert.Equal(assemblyName, assembly.GetName().Name);
        string api = assembly.GeneratePublicApi(new ApiGeneratorOptions { IncludeAssemblyAttributes = false })
            .Replace("\r\n", "\n");
        string verifiedPath = Path.Combine(SourceDirectory(), assemblyName + ".verified.txt");
        string receivedPath = Path.Combine(SourceDirectory(), assemblyName + ".received.txt");
        string verified = File.Exists(verifiedPath) ? File.ReadAllText(verifiedPath).Replace("\r\n", "\n") : "";
        if (api == verified)
        {
            File.Delete(receivedPath);
            return;
        }
        if (Environment.GetEnvironmentVariable("NETGEN_ACCEPT") is "1" or "true" or "True" or "TRUE")
        {
            File.WriteAllText(verifiedPath, api);
            File.Delete(receivedPath);
            return;
        }
        File.WriteAllText(receivedPath, api);
        Assert.Fail($"The public API of {assemblyName} changed: compare {receivedPath} with {verifiedPath}; if the change is intended, accept it with NETGEN_ACCEPT=1.");
    }

    private static string SourceDirectory([CallerFilePath] string path = "") => Path.GetDirectoryName(path)!;
}
