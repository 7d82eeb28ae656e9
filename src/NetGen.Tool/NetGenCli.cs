using System;
using System.CommandLine;
using System.CommandLine.Help;
using System.IO;
using NetGen.Onnx;

namespace NetGen.Tool;

/// <summary>The <c>netgen</c> command line: <c>inspect</c>, <c>convert</c>, <c>predict</c>, <c>verify</c>.</summary>
public static class NetGenCli
{
    /// <summary>The command's name, as installed (<c>ToolCommandName</c>).</summary>
    public const string CommandName = "netgen";

    /// <summary>Runs the command line <paramref name="args"/> with the given streams and returns the exit code (<see cref="ExitCodes"/>).</summary>
    /// <param name="args">The arguments, without the program name.</param>
    /// <param name="output">Standard output: the results.</param>
    /// <param name="error">Standard error: <c>netgen: error: ...</c> lines and usage errors.</param>
    /// <param name="input">Standard input: CSV rows for <c>netgen predict</c>.</param>
    public static int Run(string[] args, TextWriter output, TextWriter error, TextReader input)
    {
        ArgumentNullException.ThrowIfNull(args);
        var context = new ToolContext(output, error, input);
        // A Command named "netgen" rather than a RootCommand, whose name would be the assembly's (NetGen.Tool) in usage lines.
        var root = new Command(CommandName, "Inspect, convert, run and verify NetGen model files (.json) and ONNX models (.onnx).")
        {
            new HelpOption { Recursive = true },
            new VersionOption(),
            InspectCommand.Create(context),
            ConvertCommand.Create(context),
            PredictCommand.Create(context),
            VerifyCommand.Create(context),
        };
        var parsed = root.Parse(args);
        return parsed.Invoke(new InvocationConfiguration { Output = output, Error = error, EnableDefaultExceptionHandler = false });
    }
}

/// <summary>The streams a command writes to and reads from, and the one place failures become exit codes.</summary>
internal sealed class ToolContext(TextWriter output, TextWriter error, TextReader input)
{
    public TextWriter Output { get; } = output;

    public TextWriter Error { get; } = error;

    public TextReader Input { get; } = input;

    /// <summary>Reads a model (<see cref="Model.Read"/>) and reports each of its warnings as a <c>netgen: warning: &lt;file&gt;: ...</c> line on stderr.</summary>
    public Model ReadModel(string path)
    {
        var model = Model.Read(path);
        foreach (string warning in model.Warnings) Error.WriteLine("netgen: warning: " + warning);
        return model;
    }

    /// <summary>Runs <paramref name="action"/>; every failure becomes one <c>netgen: error: ...</c> line and its exit code.</summary>
    public int Guard(Func<int> action)
    {
        try
        {
            return action();
        }
        catch (ToolException e)
        {
            return Fail(e.ExitCode, e.Message);
        }
        catch (ModelFileException e)
        {
            return Fail(ExitCodes.InvalidModel, e.Message);
        }
        catch (OnnxImportException e)
        {
            return Fail(ExitCodes.InvalidModel, e.Message);
        }
        catch (Microsoft.ML.OnnxRuntime.OnnxRuntimeException e)
        {
            return Fail(ExitCodes.InvalidModel, "ONNX Runtime: " + e.Message);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return Fail(ExitCodes.FileError, e.Message);
        }
        catch (ArgumentException e)
        {
            return Fail(ExitCodes.InvalidModel, e.Message);
        }
    }

    private int Fail(int code, string message)
    {
        // Errors are one line (scripts read stderr line by line); a message from below (ONNX Runtime's) may have several.
        Error.WriteLine("netgen: error: " + string.Join(" ", message.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)));
        return code;
    }
}
