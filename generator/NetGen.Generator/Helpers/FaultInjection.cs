using System;
using System.Threading;

namespace NetGen.Generator.Helpers;

/// <summary>
/// A test hook proving that an unexpected exception becomes one NG0018 for its class instead of CS8785 for the project:
/// when set (per async flow, so parallel tests do not see each other's), the named stage throws for the named type.
/// Never set outside tests.
/// </summary>
internal static class FaultInjection
{
    private static readonly AsyncLocal<string?> Target = new();

    /// <summary>"stage:TypeName", e.g. "parse:Net" or "emit:Net", or null for none.</summary>
    public static string? ThrowAt
    {
        get => Target.Value;
        set => Target.Value = value;
    }

    public static void Check(string stage, string typeName)
    {
        string? target = Target.Value;
        if (target is not null && target == stage + ":" + typeName) throw new InvalidOperationException($"fault injected at {stage} for {typeName}");
    }
}
