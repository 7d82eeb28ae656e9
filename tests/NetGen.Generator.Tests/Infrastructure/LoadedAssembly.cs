using System;
using System.IO;
using System.Linq;
using System.Numerics;
using System.Reflection;
using System.Runtime.Loader;
using Microsoft.CodeAnalysis;

namespace NetGen.Generator.Tests.Infrastructure;

/// <summary>
/// An output compilation emitted to memory and loaded into a collectible <see cref="AssemblyLoadContext"/>, so that
/// tests can run networks declared in strings. The NetGen runtime resolves to the one the tests already loaded, so
/// instances cast to <see cref="INetwork{T}"/>. Dispose to unload.
/// </summary>
public sealed class LoadedAssembly : IDisposable
{
    private readonly AssemblyLoadContext _context;

    private LoadedAssembly(AssemblyLoadContext context, Assembly assembly)
    {
        _context = context;
        Assembly = assembly;
    }

    /// <summary>The loaded assembly.</summary>
    public Assembly Assembly { get; }

    /// <summary>Emits <paramref name="compilation"/> and loads it; fails with the emit diagnostics when it does not compile.</summary>
    public static LoadedAssembly Emit(Compilation compilation)
    {
        using var stream = new MemoryStream();
        var result = compilation.Emit(stream);
        if (!result.Success)
        {
            throw new Xunit.Sdk.XunitException(
                "The compilation failed to emit:\n" + GeneratorResult.Format(result.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error), compilation));
        }
        stream.Position = 0;
        var context = new AssemblyLoadContext("NetGenTest_" + compilation.AssemblyName, isCollectible: true);
        return new LoadedAssembly(context, context.LoadFromStream(stream));
    }

    /// <summary>The type with this full name (namespace, and '+' for nested types); fails when there is none.</summary>
    public Type GetType(string fullName) =>
        Assembly.GetType(fullName)
        ?? throw new Xunit.Sdk.XunitException(
            $"No type '{fullName}' in the generated assembly. Types: {string.Join(", ", Assembly.GetTypes().Select(t => t.FullName))}");

    /// <summary>Creates an instance of a type by full name with the given constructor arguments.</summary>
    public object CreateInstance(string fullName, params object?[] arguments) =>
        Activator.CreateInstance(GetType(fullName), arguments)
        ?? throw new Xunit.Sdk.XunitException($"Could not create '{fullName}'.");

    /// <summary>Creates a generated network through its <c>(int seed)</c> constructor.</summary>
    public INetwork<T> CreateNetwork<T>(string fullName, int seed = 0)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        object instance = CreateInstance(fullName, seed);
        return instance as INetwork<T>
            ?? throw new Xunit.Sdk.XunitException(
                $"'{fullName}' does not implement INetwork<{typeof(T).Name}>; it implements {string.Join(", ", instance.GetType().GetInterfaces().Select(i => i.ToString()))}.");
    }

    /// <summary>Unloads the load context (collected once no instance is referenced).</summary>
    public void Dispose() => _context.Unload();
}
