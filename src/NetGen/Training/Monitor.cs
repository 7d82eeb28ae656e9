namespace NetGen;

/// <summary>A per-epoch quantity that early stopping, checkpoints and <see cref="PlateauSchedule"/> can watch.</summary>
public enum Monitor
{
    /// <summary>The validation loss (Keras' <c>val_loss</c>): lower is better. Needs validation data.</summary>
    ValidationLoss = 0,

    /// <summary>The validation accuracy (Keras' <c>val_accuracy</c>): higher is better. Needs validation data.</summary>
    ValidationAccuracy = 1,

    /// <summary>The epoch's training loss (Keras' <c>loss</c>): lower is better.</summary>
    TrainingLoss = 2,
}

/// <summary>Which way a <see cref="Monitor"/> improves.</summary>
internal static class MonitorExtensions
{
    /// <summary>True for quantities where higher is better.</summary>
    public static bool IsMaximized(this Monitor monitor) => monitor == Monitor.ValidationAccuracy;

    /// <summary>True for quantities computed on validation data.</summary>
    public static bool NeedsValidation(this Monitor monitor) => monitor != Monitor.TrainingLoss;
}
