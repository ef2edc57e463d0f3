using CustomerValue.Core.Btyd;
using CustomerValue.Core.Data;
using CustomerValue.Core.Models;

namespace CustomerValue.Modeling.Training;

public enum EvaluationMethod
{
    /// <summary>Rolling origin (three periods) when the history allows, else out-of-time (two), else k-fold; the card says why.</summary>
    Auto,

    /// <summary>Three periods: choices on a validation period, the report on a later test period.</summary>
    RollingOrigin,

    /// <summary>Two periods: choices on customer folds of the fitted snapshot, the report on the later test period.</summary>
    OutOfTime,
    KFold,
}

/// <summary>Everything <c>cvml train</c> is asked to do.</summary>
public sealed record TrainingOptions
{
    public string? TransactionsPath { get; init; }
    public string? CustomersPath { get; init; }
    public string? SourceSpecPath { get; init; }
    public string? CustomersSourceSpecPath { get; init; }

    /// <summary>With a PostgreSQL transactions source: the SELECT whose rows are the transactions (wins over the spec's query).</summary>
    public string? TransactionsQuery { get; init; }

    /// <summary>With a PostgreSQL customers source: the SELECT whose rows are the customers (wins over the spec's query).</summary>
    public string? CustomersQuery { get; init; }

    public required string ModelsDirectory { get; init; }

    /// <summary>Default: the last date in the data minus the horizon, so that labels exist.</summary>
    public DateOnly? Cutoff { get; init; }
    public int HorizonDays { get; init; } = 365;
    public int? ChurnDays { get; init; }
    public EvaluationMethod Evaluation { get; init; } = EvaluationMethod.Auto;
    public int Folds { get; init; } = 5;

    /// <summary>Out-of-time needs at least this much history before the earlier snapshot.</summary>
    public int MinimumHistoryDays { get; init; } = 90;

    /// <summary>
    /// Snapshots stacked into each fitted table (out-of-time evaluation): the snapshot whose labels end at the period
    /// boundary and the ones 1, 2, … months before it, while each has <see cref="MinimumHistoryDays"/> of history and the
    /// table stays within <see cref="MaximumStackedRows"/>. 1 = a single snapshot.
    /// </summary>
    public int Snapshots { get; init; } = 6;

    /// <summary>Older snapshots are left out once a stacked table would grow beyond this many rows.</summary>
    public int MaximumStackedRows { get; init; } = 300_000;

    /// <summary>Generous, so that on small and medium data the trial limit, not the machine's speed, ends the search and runs repeat.</summary>
    public TimeSpan SearchBudget { get; init; } = TimeSpan.FromSeconds(300);
    public int MaximumTrials { get; init; } = 12;

    /// <summary>
    /// K-fold on fewer than <see cref="ModelTrainer.NestedLimit"/> customers: search again inside
    /// every fold (nested), so the held-out figures are free of the search's choices. Off: one search on
    /// the first fold's training rows, whose data holds the other folds' held-out rows.
    /// </summary>
    public bool NestedSearch { get; init; } = true;

    /// <summary>Fixes the hyperparameters and skips the search.</summary>
    public TreeHyperparameters? Hyperparameters { get; init; }

    /// <summary>Quality gates: a bundle that misses one is written but never promoted.</summary>
    public double? MinimumAuc { get; init; }
    public string? MinimumGrade { get; init; }

    /// <summary>The BTYD model whose outputs become features and a baseline; null leaves them out.</summary>
    public BtydModelKind? BtydModel { get; init; } = BtydModelKind.BgNbd;

    /// <summary>
    /// Choose the BTYD model among BG/NBD and MBG/NBD by purchase MAE on rows whose labels end before the
    /// test period (<see cref="BtydKindChoice"/>); <see cref="BtydModel"/> is the fallback. <c>cvml train</c>'s default.
    /// </summary>
    public bool ChooseBtydModel { get; init; }

    /// <summary>
    /// Customers-file attributes read even when <see cref="AttributeScreen"/> takes them for a likely leak or an identifier
    /// (the card's notes keep what it found, and that they were read anyway).
    /// </summary>
    public IReadOnlyList<string> KeepAttributes { get; init; } = [];

    /// <summary>A generator's truth.csv for the evaluation cutoff: adds the oracle comparison to the card.</summary>
    public string? TruthPath { get; init; }

    public BadRowPolicy OnBadRow { get; init; } = BadRowPolicy.Fail;

    /// <summary>When the new bundle replaces <c>models/current</c>; see <see cref="Champion"/>.</summary>
    public PromotionPolicy Promote { get; init; } = PromotionPolicy.Auto;

    /// <summary>Where "today" comes from: rows dated after it are rejected as future dates.</summary>
    public TimeProvider Clock { get; init; } = TimeProvider.System;
    public int Seed { get; init; } = 1;

    /// <summary>Fixed version name (tests, reproducible builds); default: creation time and data fingerprint.</summary>
    public string? Version { get; init; }

    /// <summary>Used by tests to prove that a failure midway leaves <c>models/current</c> untouched.</summary>
    public Action<TrainingStage>? BeforeStage { get; init; }
}

public enum PromotionPolicy
{
    /// <summary>Promote a challenger that is not worse than the current model, or, when the two cannot be compared, one that passes the promotion gates.</summary>
    Auto,

    /// <summary>Promote whatever the comparison says (the card records it); the requested quality gates still apply.</summary>
    Always,
}

public enum TrainingStage
{
    Loading,
    Features,
    Search,
    Evaluation,
    Baselines,
    ColdStart,
    FinalModels,
    Champion,
    Writing,
}
