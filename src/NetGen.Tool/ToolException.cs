using System;

namespace NetGen.Tool;

/// <summary>A failure the tool reports as one line on stderr and an exit code.</summary>
internal sealed class ToolException(int exitCode, string message) : Exception(message)
{
    /// <summary>The process exit code (<see cref="ExitCodes"/>).</summary>
    public int ExitCode { get; } = exitCode;
}
