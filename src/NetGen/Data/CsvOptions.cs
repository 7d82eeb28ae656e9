using System;
using System.Collections.Generic;

namespace NetGen;

/// <summary>How <see cref="Csv.Load(string, CsvOptions)"/> turns a CSV file's columns into inputs and targets.</summary>
public sealed class CsvOptions
{
    /// <summary>
    /// The columns, by header name (exact, case-sensitive), that become the targets, in this order. Every other
    /// column is an input, in file order. At least one is required.
    /// </summary>
    public IReadOnlyList<string> LabelColumns { get; init; } = Array.Empty<string>();

    /// <summary>
    /// When set, <see cref="LabelColumns"/> must name exactly one column, whose cells are integer classes from 0 to
    /// <c>OneHotClasses - 1</c>; each becomes a one-hot row of <c>OneHotClasses</c> targets. When null (the default)
    /// the label columns' values are the targets as they are.
    /// </summary>
    public int? OneHotClasses { get; init; }

    /// <summary>The character between cells; a comma by default.</summary>
    public char Separator { get; init; } = ',';
}
