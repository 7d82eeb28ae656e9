using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Threading.Tasks;
using Spectre.Console;

namespace NetGen.ConsoleUI;

/// <summary>How <see cref="TrainingProgress"/> shows progress.</summary>
public enum ProgressMode
{
    /// <summary>
    /// <see cref="Live"/> when standard output is an interactive terminal, otherwise <see cref="Plain"/>. The
    /// environment variable <c>NETGEN_PROGRESS</c> (<c>live</c>, <c>plain</c> or <c>none</c>) overrides the choice.
    /// </summary>
    Auto = 0,

    /// <summary>A live progress bar (Spectre.Console): epoch, loss, accuracy, elapsed and remaining time.</summary>
    Live = 1,

    /// <summary>One line per milestone epoch: readable in a redirected log or on CI.</summary>
    Plain = 2,

    /// <summary>Nothing.</summary>
    None = 3,
}

/// <summary>
/// Shows a training run's progress: a live progress bar on an interactive terminal, or one plain line per
/// milestone epoch when the output is redirected (a file, a pipe, a CI log). Pass <see cref="Report"/> as
/// <see cref="TrainingOptions.OnEpoch"/>, and dispose the progress when training ends.
/// </summary>
/// <example>
/// <code>
/// var options = new TrainingOptions { Epochs = 20, BatchSize = 256 };
/// using (var progress = TrainingProgress.Start("Fashion-MNIST", options.Epochs, accuracy: () => Metrics.Accuracy(net, test)))
/// {
///     options.OnEpoch = progress.Report;
///     Trainer.Fit(net, train, options);
/// }
/// </code>
/// Redirected, that prints lines such as
/// <c>Fashion-MNIST: epoch  2/20  loss 0.41234  accuracy 0.8601  elapsed 21.4 s  left ~3:12</c>.
/// </example>
/// <remarks>
/// <para>
/// This class is the only writer while it is active: messages meant for the console during training go through
/// <see cref="WriteLine"/>, so that they do not tear the live display.
/// </para>
/// <para>
/// Milestones (plain mode): the first epoch, every <c>milestoneEvery</c>-th epoch (by default a tenth of the epochs,
/// rounded up), and the last epoch; when training stops early, <see cref="Dispose"/> prints the last epoch reached.
/// The accuracy callback runs only when its value is shown: at milestones in plain mode, at most twice a second
/// (and at the last epoch) in live mode.
/// </para>
/// <para>Times shown are the <see cref="EpochReport.Elapsed"/> the trainer reports; "left" is extrapolated linearly.</para>
/// </remarks>
public sealed class TrainingProgress : IDisposable
{
    /// <summary>The environment variable that overrides <see cref="ProgressMode.Auto"/>: <c>live</c>, <c>plain</c> or <c>none</c>.</summary>
    public const string ModeVariable = "NETGEN_PROGRESS";

    private static readonly TimeSpan s_accuracyInterval = TimeSpan.FromMilliseconds(500);

    private readonly object _gate = new();
    private readonly string _name;
    private readonly int _milestoneEvery;
    private readonly Func<double>? _accuracy;
    private readonly string _accuracyLabel;
    private readonly TextWriter? _writer;
    private readonly LiveBar? _live;
    private readonly Stopwatch _sinceAccuracy = new();
    private EpochReport? _pending;
    private double? _lastAccuracy;
    private bool _disposed;

    private TrainingProgress(string name, int epochs, int milestoneEvery, Func<double>? accuracy, string accuracyLabel, ProgressMode mode,
        TextWriter? writer, IAnsiConsole? console)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(accuracyLabel);
        ArgumentOutOfRangeException.ThrowIfLessThan(epochs, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(milestoneEvery);
        _name = name;
        _milestoneEvery = milestoneEvery > 0 ? milestoneEvery : (epochs + 9) / 10;
        _accuracy = accuracy;
        _accuracyLabel = accuracyLabel;
        Mode = mode;
        if (mode == ProgressMode.Plain) _writer = writer ?? Console.Out;
        if (mode == ProgressMode.Live) _live = new LiveBar(console ?? AnsiConsole.Console, name, epochs);
    }

    /// <summary>The mode in use (never <see cref="ProgressMode.Auto"/>).</summary>
    public ProgressMode Mode { get; }

    /// <summary>
    /// What <see cref="ProgressMode.Auto"/> chooses here: <see cref="ProgressMode.Live"/> when standard output is an
    /// interactive terminal that understands ANSI and no CI system is detected, otherwise <see cref="ProgressMode.Plain"/>;
    /// <c>NETGEN_PROGRESS</c> overrides it.
    /// </summary>
    public static ProgressMode AutoMode
    {
        get
        {
            switch (Environment.GetEnvironmentVariable(ModeVariable)?.Trim().ToLowerInvariant())
            {
                case "live": return ProgressMode.Live;
                case "plain": return ProgressMode.Plain;
                case "none": return ProgressMode.None;
            }
            if (Console.IsOutputRedirected || IsContinuousIntegration()) return ProgressMode.Plain;
            if (string.Equals(Environment.GetEnvironmentVariable("TERM"), "dumb", StringComparison.Ordinal)) return ProgressMode.Plain;
            var capabilities = AnsiConsole.Profile.Capabilities;
            return capabilities.Interactive && capabilities.Ansi ? ProgressMode.Live : ProgressMode.Plain;
        }
    }

    /// <summary>Starts showing the progress of a run of <paramref name="epochs"/> epochs on the console.</summary>
    /// <param name="name">What is being trained, shown on every line (for example <c>"Fashion-MNIST"</c>).</param>
    /// <param name="epochs">The most epochs the run will do (<see cref="TrainingOptions.Epochs"/>).</param>
    /// <param name="milestoneEvery">In plain mode, print every this many epochs (besides the first and last); 0 (default): a tenth of the epochs.</param>
    /// <param name="accuracy">Computes an accuracy to show beside the loss, or null for none.</param>
    /// <param name="accuracyLabel">The name shown before the accuracy; default <c>"accuracy"</c>.</param>
    /// <param name="mode">How to show progress; default <see cref="ProgressMode.Auto"/>.</param>
    /// <returns>The progress; pass its <see cref="Report"/> to <see cref="TrainingOptions.OnEpoch"/> and dispose it at the end.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="name"/> or <paramref name="accuracyLabel"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="epochs"/> is less than 1, or <paramref name="milestoneEvery"/> is negative.</exception>
    public static TrainingProgress Start(string name, int epochs, int milestoneEvery = 0, Func<double>? accuracy = null,
        string accuracyLabel = "accuracy", ProgressMode mode = ProgressMode.Auto)
    {
        if (mode == ProgressMode.Auto) mode = AutoMode;
        return new TrainingProgress(name, epochs, milestoneEvery, accuracy, accuracyLabel, mode, null, null);
    }

    /// <summary>
    /// Starts showing progress for <paramref name="options"/> (its <see cref="TrainingOptions.Epochs"/>) and sets its
    /// <see cref="TrainingOptions.OnEpoch"/> to <see cref="Report"/>, replacing any callback there.
    /// </summary>
    /// <param name="options">The options the run will use.</param>
    /// <param name="name">What is being trained, shown on every line.</param>
    /// <param name="milestoneEvery">In plain mode, print every this many epochs; 0 (default): a tenth of the epochs.</param>
    /// <param name="accuracy">Computes an accuracy to show beside the loss, or null for none.</param>
    /// <param name="accuracyLabel">The name shown before the accuracy; default <c>"accuracy"</c>.</param>
    /// <param name="mode">How to show progress; default <see cref="ProgressMode.Auto"/>.</param>
    /// <returns>The progress; dispose it when training ends.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="options"/>, <paramref name="name"/> or <paramref name="accuracyLabel"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The options' epochs are less than 1, or <paramref name="milestoneEvery"/> is negative.</exception>
    public static TrainingProgress Attach(TrainingOptions options, string name, int milestoneEvery = 0, Func<double>? accuracy = null,
        string accuracyLabel = "accuracy", ProgressMode mode = ProgressMode.Auto)
    {
        ArgumentNullException.ThrowIfNull(options);
        var progress = Start(name, options.Epochs, milestoneEvery, accuracy, accuracyLabel, mode);
        options.OnEpoch = progress.Report;
        return progress;
    }

    /// <summary>
    /// Plain progress written to <paramref name="writer"/>: one line per milestone epoch (see the remarks on
    /// <see cref="TrainingProgress"/>). The writer is not disposed.
    /// </summary>
    /// <param name="writer">Where the lines go.</param>
    /// <param name="name">What is being trained, shown on every line.</param>
    /// <param name="epochs">The most epochs the run will do.</param>
    /// <param name="milestoneEvery">Print every this many epochs (besides the first and last); 0 (default): a tenth of the epochs.</param>
    /// <param name="accuracy">Computes an accuracy to show beside the loss, or null for none.</param>
    /// <param name="accuracyLabel">The name shown before the accuracy; default <c>"accuracy"</c>.</param>
    /// <returns>The progress.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="writer"/>, <paramref name="name"/> or <paramref name="accuracyLabel"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="epochs"/> is less than 1, or <paramref name="milestoneEvery"/> is negative.</exception>
    public static TrainingProgress Plain(TextWriter writer, string name, int epochs, int milestoneEvery = 0, Func<double>? accuracy = null,
        string accuracyLabel = "accuracy")
    {
        ArgumentNullException.ThrowIfNull(writer);
        return new TrainingProgress(name, epochs, milestoneEvery, accuracy, accuracyLabel, ProgressMode.Plain, writer, null);
    }

    /// <summary>A live progress bar drawn on <paramref name="console"/> (for hosts with their own Spectre.Console console).</summary>
    /// <param name="console">The console to draw on.</param>
    /// <param name="name">What is being trained, shown on the bar.</param>
    /// <param name="epochs">The most epochs the run will do.</param>
    /// <param name="accuracy">Computes an accuracy to show beside the loss, or null for none.</param>
    /// <param name="accuracyLabel">The name shown before the accuracy; default <c>"accuracy"</c>.</param>
    /// <returns>The progress.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="console"/>, <paramref name="name"/> or <paramref name="accuracyLabel"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="epochs"/> is less than 1.</exception>
    public static TrainingProgress Live(IAnsiConsole console, string name, int epochs, Func<double>? accuracy = null, string accuracyLabel = "accuracy")
    {
        ArgumentNullException.ThrowIfNull(console);
        return new TrainingProgress(name, epochs, 0, accuracy, accuracyLabel, ProgressMode.Live, null, console);
    }

    /// <summary>
    /// Takes one epoch's report: updates the live bar, or prints a line if the epoch is a milestone. Matches
    /// <see cref="TrainingOptions.OnEpoch"/>. A report whose epoch is not after the previous one starts a new run
    /// (the previous run's last epoch is printed first if it was not).
    /// </summary>
    /// <param name="report">The trainer's report.</param>
    /// <exception cref="ObjectDisposedException">The progress was disposed.</exception>
    public void Report(EpochReport report)
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_pending is EpochReport previous && report.Epoch <= previous.Epoch) Flush();
            switch (Mode)
            {
                case ProgressMode.Plain:
                    if (report.Epoch == 1 || report.Epoch % _milestoneEvery == 0 || report.Epoch >= report.Epochs)
                    {
                        _writer!.WriteLine(FormatLine(report, _accuracy?.Invoke()));
                        _pending = null;
                    }
                    else
                    {
                        _pending = report;
                    }
                    break;
                case ProgressMode.Live:
                    bool last = report.Epoch >= report.Epochs;
                    if (_accuracy is not null && (last || !_sinceAccuracy.IsRunning || _sinceAccuracy.Elapsed >= s_accuracyInterval))
                    {
                        _lastAccuracy = _accuracy();
                        _sinceAccuracy.Restart();
                    }
                    _live!.Update(report, Describe(report, _lastAccuracy));
                    _pending = last ? null : report;
                    break;
            }
        }
    }

    /// <summary>Writes a message line through the progress display (above a live bar, or in the plain log).</summary>
    /// <param name="message">The text, written as is (no markup).</param>
    public void WriteLine(string message)
    {
        ArgumentNullException.ThrowIfNull(message);
        lock (_gate)
        {
            switch (Mode)
            {
                case ProgressMode.Plain:
                    _writer!.WriteLine(message);
                    break;
                case ProgressMode.Live:
                    _live!.WriteLine(message);
                    break;
            }
        }
    }

    /// <summary>
    /// Ends the display: prints the last epoch reached if it was not a milestone (training stopped early), and
    /// leaves the live bar in its final state.
    /// </summary>
    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed) return;
            Flush();
            _live?.Dispose();
            _disposed = true;
        }
    }

    /// <summary>One plain progress line, for example <c>"XOR: epoch 10/100  loss 0.693  accuracy 0.5000  elapsed 1.25 s  left ~11.3 s"</c>.</summary>
    /// <param name="report">The epoch's report.</param>
    /// <param name="accuracy">The accuracy to show, or null.</param>
    /// <param name="stopped">Training stopped at this epoch, before its last: say so instead of the time left.</param>
    /// <returns>The line, in invariant culture.</returns>
    internal string FormatLine(EpochReport report, double? accuracy, bool stopped = false)
    {
        int width = report.Epochs.ToString(CultureInfo.InvariantCulture).Length;
        var line = new System.Text.StringBuilder();
        line.Append(CultureInfo.InvariantCulture, $"{_name}: epoch {report.Epoch.ToString(CultureInfo.InvariantCulture).PadLeft(width)}/{report.Epochs}");
        line.Append(CultureInfo.InvariantCulture, $"  loss {FormatLoss(report.Loss)}");
        if (accuracy is double a) line.Append(CultureInfo.InvariantCulture, $"  {_accuracyLabel} {a:F4}");
        line.Append("  elapsed ").Append(FormatDuration(report.Elapsed));
        if (stopped) line.Append("  (stopped early)");
        else if (Remaining(report) is TimeSpan left) line.Append("  left ~").Append(FormatDuration(left));
        return line.ToString();
    }

    /// <summary>A loss with five significant digits (scientific notation below 0.001), invariant culture.</summary>
    internal static string FormatLoss(double loss)
    {
        if (!double.IsFinite(loss)) return loss.ToString(CultureInfo.InvariantCulture);
        return loss != 0 && Math.Abs(loss) < 1e-3
            ? loss.ToString("0.0000E+0", CultureInfo.InvariantCulture)
            : loss.ToString("G5", CultureInfo.InvariantCulture);
    }

    /// <summary>A duration: "0.25 s", "12.3 s", "4:05" (minutes), "1:02:03" (hours).</summary>
    internal static string FormatDuration(TimeSpan duration)
    {
        double seconds = Math.Max(0, duration.TotalSeconds);
        if (seconds < 10) return seconds.ToString("0.00", CultureInfo.InvariantCulture) + " s";
        if (seconds < 60) return seconds.ToString("0.0", CultureInfo.InvariantCulture) + " s";
        var whole = TimeSpan.FromSeconds(Math.Round(seconds));
        return whole.TotalHours >= 1
            ? string.Create(CultureInfo.InvariantCulture, $"{(int)whole.TotalHours}:{whole.Minutes:00}:{whole.Seconds:00}")
            : string.Create(CultureInfo.InvariantCulture, $"{whole.Minutes}:{whole.Seconds:00}");
    }

    private static TimeSpan? Remaining(EpochReport report)
    {
        if (report.Epoch < 1 || report.Epoch >= report.Epochs) return null;
        return report.Elapsed / report.Epoch * (report.Epochs - report.Epoch);
    }

    /// <summary>
    /// The live bar's description: the longest of a few forms that fits the room the bar's other columns leave
    /// (with the name, without it, then abbreviated), so that it is not cut to an ellipsis on an 80-column terminal.
    /// </summary>
    private string Describe(EpochReport report, double? accuracy)
    {
        string epoch = string.Create(CultureInfo.InvariantCulture, $"{report.Epoch}/{report.Epochs}");
        string loss = FormatLoss(report.Loss);
        string metric = accuracy is double a ? string.Create(CultureInfo.InvariantCulture, $"  {_accuracyLabel} {a:F4}") : string.Empty;
        string shortMetric = accuracy is double b ? string.Create(CultureInfo.InvariantCulture, $" acc {b:F4}") : string.Empty;
        string[] forms =
        [
            $"{_name}  epoch {epoch}  loss {loss}{metric}",
            $"epoch {epoch}  loss {loss}{metric}",
            $"{epoch} loss {loss}{shortMetric}",
        ];
        int room = _live!.DescriptionRoom;
        foreach (string form in forms)
        {
            if (form.Length <= room) return form;
        }
        return forms[^1];
    }

    /// <summary>Prints the last reported epoch if no line showed it yet (plain mode), then forgets it.</summary>
    private void Flush()
    {
        if (_pending is not EpochReport report) return;
        _pending = null;
        if (Mode == ProgressMode.Plain)
        {
            _writer!.WriteLine(FormatLine(report, _accuracy?.Invoke(), stopped: true));
        }
        else if (Mode == ProgressMode.Live)
        {
            _live!.Stop(report, Describe(report, _accuracy?.Invoke() ?? _lastAccuracy) + "  (stopped early)");
        }
    }

    private static bool IsContinuousIntegration()
    {
        foreach (string variable in new[] { "CI", "GITHUB_ACTIONS", "TF_BUILD", "GITLAB_CI", "JENKINS_URL", "TEAMCITY_VERSION", "BUILDKITE", "APPVEYOR" })
        {
            string? value = Environment.GetEnvironmentVariable(variable);
            if (!string.IsNullOrEmpty(value) && !string.Equals(value, "false", StringComparison.OrdinalIgnoreCase) && value != "0") return true;
        }
        return false;
    }

    /// <summary>A Spectre.Console progress bar rendered by a background task until disposed.</summary>
    private sealed class LiveBar : IDisposable
    {
        private readonly IAnsiConsole _console;
        private readonly TaskCompletionSource _done = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly Task _rendering;
        private ProgressTask? _task;

        internal LiveBar(IAnsiConsole console, string name, int epochs)
        {
            _console = console;
            int width = console.Profile.Width;
            bool wide = width >= 110;
            // Bar, percentage, (elapsed,) remaining time, spinner, and the spaces between the columns.
            int barWidth = wide ? 30 : 20;
            DescriptionRoom = Math.Max(20, width - (barWidth + 5 + (wide ? 9 : 0) + 9 + 2 + 4));
            var columns = new List<ProgressColumn>
            {
                new TaskDescriptionColumn { Alignment = Justify.Left },
                new ProgressBarColumn { Width = barWidth },
                new PercentageColumn(),
            };
            if (wide) columns.Add(new ElapsedTimeColumn());
            columns.Add(new RemainingTimeColumn());
            columns.Add(new SpinnerColumn());

            // The name heads the bar once; the description repeats it only when there is room.
            console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name}: training, at most {epochs} epochs"));
            var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _rendering = console.Progress()
                .AutoClear(false)
                .HideCompleted(false)
                .Columns(columns.ToArray())
                .StartAsync(async context =>
                {
                    _task = context.AddTask("starting", autoStart: true, maxValue: epochs);
                    ready.TrySetResult();
                    await _done.Task.ConfigureAwait(false);
                    context.Refresh();
                });
            // The task is added before the first await, but wait anyway in case the renderer starts on another thread;
            // if rendering failed instead, surface its exception.
            Task.WaitAny(ready.Task, _rendering);
            if (_rendering.IsFaulted) _rendering.GetAwaiter().GetResult();
        }

        /// <summary>How many characters the description column can show without being cut.</summary>
        internal int DescriptionRoom { get; }

        internal void Update(EpochReport report, string description)
        {
            if (_task is null) return;
            _task.MaxValue = report.Epochs;
            _task.Value = report.Epoch;
            _task.Description = Markup.Escape(description);
        }

        internal void Stop(EpochReport report, string description)
        {
            if (_task is null) return;
            _task.Description = Markup.Escape(description);
            _task.MaxValue = report.Epoch;
            _task.Value = report.Epoch;
        }

        internal void WriteLine(string message) => _console.WriteLine(message);

        public void Dispose()
        {
            _task?.StopTask();
            _done.TrySetResult();
            _rendering.GetAwaiter().GetResult();
        }
    }
}
