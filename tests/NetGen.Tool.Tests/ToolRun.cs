using System;
using System.IO;
using NetGen.Tool;

namespace NetGen.Tool.Tests;

/// <summary>One in-process run of the netgen command line: exit code, stdout, stderr.</summary>
public sealed record ToolRun(int ExitCode, string Output, string Error)
{
    public static ToolRun WithStdin(string stdin, params string[] args)
    {
        var output = new StringWriter { NewLine = "\n" };
        var error = new StringWriter { NewLine = "\n" };
        int code = NetGenCli.Run(args, output, error, new StringReader(stdin));
        return new ToolRun(code, output.ToString(), error.ToString());
    }

    public static ToolRun Of(params string[] args) => WithStdin("", args);

    public override string ToString() => $"exit {ExitCode}\nstdout:\n{Output}\nstderr:\n{Error}";
}

/// <summary>A temporary folder, deleted on dispose.</summary>
public sealed class TempFolder : IDisposable
{
    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "netgen-tool-" + Guid.NewGuid().ToString("N"));

    public TempFolder() => Directory.CreateDirectory(Path);

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
