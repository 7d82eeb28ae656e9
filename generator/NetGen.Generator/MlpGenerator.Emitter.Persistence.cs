namespace NetGen.Generator;

public sealed partial class MlpGenerator
{
    internal sealed partial class Emitter
    {
        /// <summary>Save, Load and LoadFrom: thin calls into the runtime's ModelFile (model file format v1).</summary>
        private void EmitPersistence()
        {
            const string ModelFile = "global::NetGen.ModelFile";
            const string Metadata = "global::System.Collections.Generic.IReadOnlyDictionary<string, string>?";
            const string Stream = "global::System.IO.Stream";
            const string OnWarning = "global::System.Action<string>?";
            const string Info = "global::NetGen.ModelFileInfo";
            string type = _net.TypeName;

            _w.Line("/// <summary>");
            _w.Line("/// Saves the architecture and parameters to <paramref name=\"path\"/> as a model file (JSON, format v1), atomically:");
            _w.Line("/// a temporary file beside it, flushed, then renamed over it. Load it with <see cref=\"Load(string)\"/> or <see cref=\"LoadFrom(string, global::System.Action{string}?)\"/>.");
            _w.Line("/// </summary>");
            _w.Line("/// <param name=\"path\">The file to create or replace; on failure the previous file is unchanged.</param>");
            _w.Line("/// <param name=\"metadata\">Free-form pairs stored in the file (dataset, accuracy, date...).</param>");
            _w.Line("/// <exception cref=\"global::System.InvalidOperationException\">A parameter is NaN or infinite; nothing is written.</exception>");
            _w.Line("/// <exception cref=\"global::System.ArgumentException\">A metadata key or value is null; nothing is written.</exception>");
            _w.Line("/// <exception cref=\"global::System.IO.IOException\">The file cannot be written.</exception>");
            _w.Line($"public void Save(string path, {Metadata} metadata = null) => {ModelFile}.Save<{_T}>(this, path, metadata);");
            _w.Line();
            _w.Line("/// <summary>Writes the architecture and parameters to <paramref name=\"stream\"/> (left open) as a model file (JSON, format v1).</summary>");
            _w.Line("/// <param name=\"stream\">Where to write.</param>");
            _w.Line("/// <param name=\"metadata\">Free-form pairs stored in the file (dataset, accuracy, date...).</param>");
            _w.Line("/// <exception cref=\"global::System.InvalidOperationException\">A parameter is NaN or infinite.</exception>");
            _w.Line("/// <exception cref=\"global::System.ArgumentException\">A metadata key or value is null; nothing is written.</exception>");
            _w.Line($"public void Save({Stream} stream, {Metadata} metadata = null) => {ModelFile}.Save<{_T}>(this, stream, metadata);");
            _w.Line();
            _w.Line($"/// <summary>Creates a {type} with the parameters of the model file at <paramref name=\"path\"/>.</summary>");
            _w.Line("/// <param name=\"path\">A model file whose layer sizes and activations are this network's (a Float or Double file).</param>");
            _w.Line("/// <returns>The loaded network. A differing loss in the file is a warning, written to <see cref=\"global::System.Diagnostics.Trace\"/>.</returns>");
            _w.Line("/// <exception cref=\"global::NetGen.ModelFileException\">The file cannot be loaded into this network; the message names the file, the JSON location and the problem.</exception>");
            _w.Line($"public static {SelfType} Load(string path) => Load(path, null);");
            _w.Line();
            _w.Line($"/// <summary>Creates a {type} with the parameters of the model file at <paramref name=\"path\"/>.</summary>");
            _w.Line("/// <param name=\"path\">A model file whose layer sizes and activations are this network's (a Float or Double file).</param>");
            _w.Line("/// <param name=\"onWarning\">Receives each warning (a loss in the file that differs from this network's); null sends them to <see cref=\"global::System.Diagnostics.Trace\"/>.</param>");
            _w.Line("/// <returns>The loaded network.</returns>");
            _w.Line("/// <exception cref=\"global::NetGen.ModelFileException\">The file cannot be loaded into this network; the message names the file, the JSON location and the problem.</exception>");
            using (_w.Block($"public static {SelfType} Load(string path, {OnWarning} onWarning)"))
            {
                _w.Line($"{SelfType} network = new(seed: 0);");
                _w.Line($"{ModelFile}.Load<{_T}>(network, path, onWarning);");
                _w.Line("return network;");
            }
            _w.Line();
            _w.Line($"/// <summary>Creates a {type} with the parameters of the model file read from <paramref name=\"stream\"/>.</summary>");
            _w.Line("/// <param name=\"stream\">The model file's bytes, read to the end (left open).</param>");
            _w.Line("/// <param name=\"sourceName\">How error messages name the stream.</param>");
            _w.Line("/// <param name=\"onWarning\">Receives each warning (a differing loss); null sends them to <see cref=\"global::System.Diagnostics.Trace\"/>.</param>");
            _w.Line("/// <returns>The loaded network.</returns>");
            _w.Line("/// <exception cref=\"global::NetGen.ModelFileException\">The file cannot be loaded into this network.</exception>");
            using (_w.Block($"public static {SelfType} Load({Stream} stream, string sourceName, {OnWarning} onWarning = null)"))
            {
                _w.Line($"{SelfType} network = new(seed: 0);");
                _w.Line($"{ModelFile}.Load<{_T}>(network, stream, sourceName, onWarning);");
                _w.Line("return network;");
            }
            _w.Line();
            _w.Line("/// <summary>Replaces this network's parameters with those of the model file at <paramref name=\"path\"/>; unchanged when the load fails.</summary>");
            _w.Line("/// <param name=\"path\">A model file whose layer sizes and activations are this network's.</param>");
            _w.Line("/// <param name=\"onWarning\">Receives each warning (a differing loss); null sends them to <see cref=\"global::System.Diagnostics.Trace\"/>.</param>");
            _w.Line("/// <returns>The file's loss, precision, metadata and the warnings.</returns>");
            _w.Line("/// <exception cref=\"global::NetGen.ModelFileException\">The file cannot be loaded into this network.</exception>");
            _w.Line($"public {Info} LoadFrom(string path, {OnWarning} onWarning = null) => {ModelFile}.Load<{_T}>(this, path, onWarning);");
            _w.Line();
            _w.Line("/// <summary>Replaces this network's parameters with those of the model file read from <paramref name=\"stream\"/>; unchanged when the load fails.</summary>");
            _w.Line("/// <param name=\"stream\">The model file's bytes, read to the end (left open).</param>");
            _w.Line("/// <param name=\"sourceName\">How error messages name the stream.</param>");
            _w.Line("/// <param name=\"onWarning\">Receives each warning (a differing loss); null sends them to <see cref=\"global::System.Diagnostics.Trace\"/>.</param>");
            _w.Line("/// <returns>The file's loss, precision, metadata and the warnings.</returns>");
            _w.Line("/// <exception cref=\"global::NetGen.ModelFileException\">The file cannot be loaded into this network.</exception>");
            _w.Line($"public {Info} LoadFrom({Stream} stream, string sourceName, {OnWarning} onWarning = null) => {ModelFile}.Load<{_T}>(this, stream, sourceName, onWarning);");
            _w.Line();
        }
    }
}
