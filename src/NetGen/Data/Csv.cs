using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Numerics;
using System.Text;

namespace NetGen;

/// <summary>
/// Loads numeric CSV files as datasets. The first non-blank line is a header naming every column; the columns named
/// as labels become the targets and every other column is an input, in file order.
/// </summary>
/// <remarks>
/// <para>
/// Cells are separated by <see cref="CsvOptions.Separator"/> (a comma by default); spaces around a cell are ignored; a
/// cell may be quoted (<c>"a, b"</c>, with <c>""</c> for a quote inside) but may not span lines. Blank lines are
/// skipped. Numbers are read in the invariant culture (<c>1.5</c>, <c>-2e-3</c>), and must be finite.
/// </para>
/// <para>
/// A file whose content is wrong raises an <see cref="InvalidDataException"/> that names the file, the 1-based line
/// number and the column of the first bad cell: a cell that is not a number, an empty cell, a row with fewer cells
/// than the header (naming the first missing column) or more, a label that is not a class. An empty file, a header
/// without data rows and a header with an empty or repeated name are errors too. A label column that the header does
/// not have raises an <see cref="ArgumentException"/> that names the file and lists the header's columns.
/// </para>
/// </remarks>
public static class Csv
{
    /// <summary>Loads a CSV file in <see cref="float"/>; the named columns are the targets, as they are.</summary>
    /// <param name="path">The file.</param>
    /// <param name="labelColumns">The header names of the target columns, at least one.</param>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="InvalidDataException">A cell, a row or the header is not valid (see the remarks of <see cref="Csv"/>).</exception>
    /// <exception cref="ArgumentException">No label column is given, or the header has no such column.</exception>
    public static Dataset<float> Load(string path, params string[] labelColumns) => Load<float>(path, labelColumns);

    /// <summary>Loads a CSV file in <see cref="float"/>, as <paramref name="options"/> say.</summary>
    /// <param name="path">The file.</param>
    /// <param name="options">The label columns, and whether to one-hot encode a single class column.</param>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="InvalidDataException">A cell, a row or the header is not valid (see the remarks of <see cref="Csv"/>).</exception>
    /// <exception cref="ArgumentException">The options are not valid, or the header has no such label column.</exception>
    public static Dataset<float> Load(string path, CsvOptions options) => Load<float>(path, options);

    /// <summary>Loads a CSV file; the named columns are the targets, as they are.</summary>
    /// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
    /// <param name="path">The file.</param>
    /// <param name="labelColumns">The header names of the target columns, at least one.</param>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="InvalidDataException">A cell, a row or the header is not valid (see the remarks of <see cref="Csv"/>).</exception>
    /// <exception cref="ArgumentException">No label column is given, or the header has no such column.</exception>
    public static Dataset<T> Load<T>(string path, params string[] labelColumns) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(labelColumns);
        return Load<T>(path, new CsvOptions { LabelColumns = labelColumns });
    }

    /// <summary>Loads a CSV file, as <paramref name="options"/> say.</summary>
    /// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
    /// <param name="path">The file.</param>
    /// <param name="options">The label columns, and whether to one-hot encode a single class column.</param>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="InvalidDataException">A cell, a row or the header is not valid (see the remarks of <see cref="Csv"/>).</exception>
    /// <exception cref="ArgumentException">The options are not valid, or the header has no such label column.</exception>
    public static Dataset<T> Load<T>(string path, CsvOptions options) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(options);
        CheckOptions(options);
        if (!File.Exists(path)) throw new FileNotFoundException($"The CSV file '{path}' does not exist.", path);

        using var reader = new StreamReader(path, Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        int lineNumber = 0;
        string? line;
        List<string>? header = null;
        while ((line = reader.ReadLine()) is not null)
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line)) continue;
            header = Split(line, options.Separator, path, lineNumber, null);
            break;
        }
        if (header is null)
        {
            throw new InvalidDataException($"'{path}' is empty: a CSV file needs a header row naming its columns, then one row per sample.");
        }
        int headerLine = lineNumber;
        var columnIndex = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int c = 0; c < header.Count; c++)
        {
            if (header[c].Length == 0)
            {
                throw new InvalidDataException($"'{path}' line {headerLine}: the header's column {c + 1} has no name; every column needs one.");
            }
            if (InvisibleCharacter(header[c]) is string invisible)
            {
                throw new InvalidDataException(
                    $"'{path}' line {headerLine}, column {c + 1}: the header's name contains {invisible}; the file was probably saved with a " +
                    "second byte-order mark or in another encoding (save it as UTF-8 with at most one BOM).");
            }
            if (!columnIndex.TryAdd(header[c], c))
            {
                throw new InvalidDataException(
                    $"'{path}' line {headerLine}: the header names column '{header[c]}' twice (columns {columnIndex[header[c]] + 1} and {c + 1}).");
            }
        }

        var labels = new int[options.LabelColumns.Count];
        var isLabel = new bool[header.Count];
        for (int k = 0; k < labels.Length; k++)
        {
            string name = options.LabelColumns[k];
            if (!columnIndex.TryGetValue(name, out labels[k]))
            {
                throw new ArgumentException(
                    $"'{path}' has no column '{name}' to use as a label; its header's columns are: {string.Join(", ", header.ConvertAll(h => $"'{h}'"))}.",
                    nameof(options));
            }
            isLabel[labels[k]] = true;
        }
        var inputs = new List<int>();
        for (int c = 0; c < header.Count; c++) if (!isLabel[c]) inputs.Add(c);
        if (inputs.Count == 0)
        {
            throw new ArgumentException(
                $"Every column of '{path}' is a label column, so no column is left for the inputs.", nameof(options));
        }

        int classes = options.OneHotClasses ?? 0;
        int targetSize = classes > 0 ? classes : labels.Length;
        var features = new List<T>();
        var targets = new List<T>();
        int rows = 0;
        var values = new T[header.Count];
        while ((line = reader.ReadLine()) is not null)
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line)) continue;
            var cells = Split(line, options.Separator, path, lineNumber, header);
            if (cells.Count < header.Count)
            {
                throw new InvalidDataException(
                    $"'{path}' line {lineNumber}, column '{header[cells.Count]}': the cell is missing (the row has {cells.Count} cells " +
                    $"but the header has {header.Count} columns).");
            }
            if (cells.Count > header.Count)
            {
                throw new InvalidDataException(
                    $"'{path}' line {lineNumber}: the row has {cells.Count} cells but the header has {header.Count} columns; " +
                    $"cell {header.Count + 1} ('{cells[header.Count]}') has no column.");
            }
            for (int c = 0; c < cells.Count; c++) values[c] = ParseCell<T>(cells[c], path, lineNumber, header[c]);
            foreach (int c in inputs) features.Add(values[c]);
            if (classes > 0)
            {
                int c = labels[0];
                // Read as a double, not from the float cell: 1.00000001 rounds to 1f and would pass for class 1.
                double label = ParseCell<double>(cells[c], path, lineNumber, header[c]);
                if (label != Math.Floor(label) || label < 0 || label >= classes)
                {
                    throw new InvalidDataException(
                        $"'{path}' line {lineNumber}, column '{header[c]}': '{cells[c]}' is not a class: with OneHotClasses = {classes}, " +
                        $"labels are the integers 0 to {classes - 1}.");
                }
                for (int k = 0; k < classes; k++) targets.Add(k == (int)label ? T.One : T.Zero);
            }
            else
            {
                foreach (int c in labels) targets.Add(values[c]);
            }
            rows++;
        }
        if (rows == 0)
        {
            throw new InvalidDataException($"'{path}' has a header (line {headerLine}) but no data rows.");
        }
        return Dataset<T>.FromOwned(features.ToArray(), targets.ToArray(), rows, inputs.Count, targetSize);
    }

    private static void CheckOptions(CsvOptions options)
    {
        var labels = options.LabelColumns;
        if (labels is null || labels.Count == 0)
        {
            throw new ArgumentException("Name at least one label column: the targets of a dataset come from its label columns.", nameof(options));
        }
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (string name in labels)
        {
            if (name is null) throw new ArgumentException("A label column name is null.", nameof(options));
            if (!seen.Add(name)) throw new ArgumentException($"The label column '{name}' is named twice.", nameof(options));
        }
        if (options.OneHotClasses is int classes)
        {
            if (classes < 1)
            {
                throw new ArgumentOutOfRangeException(nameof(options), classes, "OneHotClasses must be at least 1.");
            }
            if (labels.Count != 1)
            {
                throw new ArgumentException(
                    $"OneHotClasses encodes one class column, but {labels.Count} label columns are named.", nameof(options));
            }
        }
        if (options.Separator is '"' or '\r' or '\n')
        {
            throw new ArgumentException("The separator cannot be a quote or a line break.", nameof(options));
        }
    }

    /// <summary>A description of the first NUL or byte-order mark in <paramref name="text"/> and its position, or null.</summary>
    private static string? InvisibleCharacter(string text)
    {
        for (int i = 0; i < text.Length; i++)
        {
            if (text[i] == '\0') return $"a NUL character (U+0000) at position {i + 1}";
            if (text[i] == '\uFEFF') return $"a byte-order mark (U+FEFF) at position {i + 1}";
        }
        return null;
    }

    private static T ParseCell<T>(string cell, string path, int line, string column) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (cell.Length == 0)
        {
            throw new InvalidDataException($"'{path}' line {line}, column '{column}': the cell is empty; every cell must be a number.");
        }
        // .NET's number parsing ignores trailing NUL characters ("1\0" would read as 1): a NUL means a binary or UTF-16 file.
        if (InvisibleCharacter(cell) is string invisible)
        {
            throw new InvalidDataException(
                $"'{path}' line {line}, column '{column}': the cell contains {invisible}; the file is probably binary or not UTF-8.");
        }
        if (!T.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out T value))
        {
            throw new InvalidDataException(
                $"'{path}' line {line}, column '{column}': '{cell}' is not a number (numbers are read in the invariant culture, like 1.5 or -2e-3).");
        }
        if (!T.IsFinite(value))
        {
            throw new InvalidDataException($"'{path}' line {line}, column '{column}': '{cell}' is not a finite number.");
        }
        return value;
    }

    /// <summary>Splits one line into trimmed cells; a quoted cell keeps its inside as written, with "" read as ".</summary>
    private static List<string> Split(string line, char separator, string path, int lineNumber, List<string>? header)
    {
        var cells = new List<string>();
        var cell = new StringBuilder();
        int i = 0;
        while (true)
        {
            while (i < line.Length && line[i] != separator && char.IsWhiteSpace(line[i])) i++;
            cell.Clear();
            if (i < line.Length && line[i] == '"')
            {
                int start = i++;
                while (true)
                {
                    if (i >= line.Length)
                    {
                        string where = header is not null && cells.Count < header.Count ? $"column '{header[cells.Count]}'" : $"cell {cells.Count + 1}";
                        throw new InvalidDataException(
                            $"'{path}' line {lineNumber}, {where}: the quote opened at character {start + 1} is not closed on this line.");
                    }
                    if (line[i] == '"')
                    {
                        if (i + 1 < line.Length && line[i + 1] == '"') { cell.Append('"'); i += 2; continue; }
                        i++;
                        break;
                    }
                    cell.Append(line[i++]);
                }
                while (i < line.Length && line[i] != separator && char.IsWhiteSpace(line[i])) i++;
                if (i < line.Length && line[i] != separator)
                {
                    string where = header is not null && cells.Count < header.Count ? $"column '{header[cells.Count]}'" : $"cell {cells.Count + 1}";
                    throw new InvalidDataException(
                        $"'{path}' line {lineNumber}, {where}: text follows the closing quote at character {i + 1}.");
                }
                cells.Add(cell.ToString());
            }
            else
            {
                int end = line.IndexOf(separator, i);
                if (end < 0) end = line.Length;
                cells.Add(line[i..end].Trim());
                i = end;
            }
            if (i >= line.Length) break;
            i++; // the separator
        }
        return cells;
    }
}
