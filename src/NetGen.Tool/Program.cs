using System;

namespace NetGen.Tool;

/// <summary>The entry point of <c>netgen</c>.</summary>
public static class Program
{
    /// <summary>Runs <see cref="NetGenCli"/> on the console's streams.</summary>
    public static int Main(string[] args) => NetGenCli.Run(args, Console.Out, Console.Error, Console.In);
}
