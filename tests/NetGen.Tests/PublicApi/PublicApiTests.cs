using System;
using System.IO;
using System.Runtime.CompilerServices;
using PublicApiGenerator;
using Xunit;

namespace NetGen.Tests.PublicApi;

/// <summary>
/// The runtime library's public API, snapshot-tested so that every change to it is deliberate: the text PublicApiGenerator
/// writes for the NetGen assembly must equal <c>NetGen.verified.txt</c> beside this file. After an intended change, run
/// the tests with <c>NETGEN_ACCEPT=1</c> (as for the generator's snapshots) and review the diff of the verified file.
/// </summary>
public class PublicApiTests
{
    [Fact]
    public void The_runtime_public_api_is_the_verified_one()
    {
        string api = typeof(INetwork<>).Assembly.GeneratePublicApi(new ApiGeneratorOptions { IncludeAssemblyAttributes = false })
            .Replace("\r\n", "\n");
        string verifiedPath = Path.Combine(SourceDirectory(), "NetGen.verified.txt");
        string receivedPath = Path.Combine(SourceDirectory(), "NetGen.received.txt");
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
        Assert.Fail($"The public API of NetGen changed: compare {receivedPath} with {verifiedPath}; if the change is intended, accept it with NETGEN_ACCEPT=1.");
    }

    private static string SourceDirectory([CallerFilePath] string path = "") => Path.GetDirectoryName(path)!;
}
