using System;
using System.IO;

namespace NetGen.Samples;

/// <summary>Loading a sample's real dataset, which may not be installed.</summary>
public static class SampleData
{
    /// <summary>
    /// Runs <paramref name="load"/>; when its files are missing, prints the loader's message (which names the fetch
    /// command) to standard error and returns false, for the sample to exit with code 2.
    /// </summary>
    public static bool TryLoad<TData>(Func<TData> load, out TData data)
    {
        ArgumentNullException.ThrowIfNull(load);
        try
        {
            data = load();
            return true;
        }
        catch (FileNotFoundException e)
        {
            Console.Error.WriteLine(e.Message);
            data = default!;
            return false;
        }
    }
}
