using System.Text.Json;
using System.Text.Json.Serialization;
using CustomerValue.Core.Btyd;
using CustomerValue.Core.Features;
using CustomerValue.Core.Segmentation;

namespace CustomerValue.Core.Models.Bundles;

/// <summary>
/// Everything a reader of a model bundle needs to trust and to use it: where the data came from,
/// how the models were evaluated and against what, and the encodings serving must repeat.
/// Written as <c>model-card.json</c> beside the model files.
/// </summary>
public sealed record ModelCard
{
    public const string FileName = "model-card.json";
    public const int CurrentSchemaVersion = 1;

    public int SchemaVersion { get; init; } = CurrentSchemaVersion;
    public required string Version { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
    public required DataFingerprint Data { get; init; }
    public string? SourceSpec { get; init; }
    public string? CustomersSourceSpec { get; init; }

    /// <summary>The features of the shipped models are computed as of this date; labels cover the horizon after it.</summary>
    public required DateOnly Cutoff { get; init; }
    public required int HorizonDays { get; init; }
    public required int ChurnWindowDays { get; init; }
    public required int PostalRegionLength { get; init; }

    /// <summary>"transactions" (CLV and churn) or "contract" (churn from a given label only).</summary>
    public required string Mode { get; init; }

    /// <summary><see cref="Mode"/> of a bundle trained on a customers file alone, its churn from the file's own label.</summary>
    public const string ContractMode = "contract";

    /// <summary>Trained on a churn table alone: its customers are known by their columns, not by purchases.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public bool IsContract => Mode == ContractMode;

    /// <summary>The features the models read: every column of the data, or without the profile's when those did not earn their place (<see cref="ProfileColumns"/>).</summary>
    public required IReadOnlyList<FeatureDefinition> Features { get; init; }

    /// <summary>Rolling origin with a customer profile: whether the trees read the profile's columns, and the validation figures that decided it.</summary>
    public ProfileColumnsCard? ProfileColumns { get; init; }
    public required IReadOnlyList<string> NumericAttributes { get; init; }
    public required IReadOnlyList<string> CategoricalAttributes { get; init; }
    public required VectorLayout Vector { get; init; }
    public required IReadOnlyDictionary<string, FeatureDistribution> Distributions { get; init; }
    public BtydFeatureParameters? Btyd { get; init; }

    /// <summary>Why this BTYD model (<c>--btyd-model auto</c>: the lowest purchase MAE before the test period), or null when it was given.</summary>
    public string? BtydReason { get; init; }

    /// <summary>Does the hybrid (ML with BTYD features) beat pure ML and pure BTYD on held-out data?</summary>
    public HybridComparison? Hybrid { get; init; }

    /// <summary>How the expected next order dates did on the held-out customers; null without a BTYD model.</summary>
    public NextOrderCalibration? NextOrder { get; init; }

    /// <summary>
    /// How the expected next order dates are worked out (<see cref="NextOrderTiming.Btyd"/> or
    /// <see cref="NextOrderTiming.Rhythm"/>, chosen on the validation rows; null: BTYD, as bundles before the choice), and why.
    /// </summary>
    public string? NextOrderMethod { get; init; }

    /// <summary>
    /// True when the models learned each customer's channel, device and postal code from their first purchase, trained
    /// without a customers file (<see cref="Features.FeatureOptions.ProfilesFromOrders"/>): scoring reads them the same
    /// way. Null otherwise.
    /// </summary>
    public bool? ProfilesFromOrders { get; init; }

    /// <summary>
    /// The base's usual gap between purchase days: the median, over the customers with two purchase days or more as of the
    /// data's end, of each one's mean days between them. The lifecycle rules call no one lapsed on the models'
    /// probabilities alone before it has passed since their last order. Null for a churn table, when too few customers
    /// bought twice, and in bundles trained before it was recorded.
    /// </summary>
    public int? UsualGapDays { get; init; }

    /// <summary>
    /// A churn table with signup and churn dates read forward: the churn model learnt from the customers still there at
    /// <see cref="Cutoff"/>, labelled by whether they left within <see cref="ChurnWindowDays"/> after it, and its
    /// probability is that of leaving within the window. Null otherwise (a churn table's own label, or transactions).
    /// </summary>
    public bool? ChurnReadForward { get; init; }
    public string? NextOrderReason { get; init; }

    /// <summary>With <see cref="NextOrderTiming.Rhythm"/>: the training base's <see cref="NextOrderTiming.BaseVariation"/>; null otherwise.</summary>
    public double? NextOrderVariation { get; init; }
    public RfmBreakpoints? Rfm { get; init; }

    public ClvModelCard? Clv { get; init; }

    /// <summary>Expected purchase days over the horizon.</summary>
    public OrdersModelCard? Orders { get; init; }
    public required ChurnModelCard Churn { get; init; }

    /// <summary>A churn table with a recurring charge (the source spec's <c>recurring</c>): how its customers are valued; null otherwise.</summary>
    public RecurringValueCard? Recurring { get; init; }
    public ColdStartCard? ColdStart { get; init; }

    public required EvaluationCard Evaluation { get; init; }
    public IReadOnlyList<BaselineResult> Baselines { get; init; } = [];
    public IReadOnlyList<BaselineResult> ChurnBaselines { get; init; } = [];
    public required string Grade { get; init; }
    public required string GradeReason { get; init; }
    public ChampionDecision? Champion { get; init; }
    public required IReadOnlyDictionary<string, string> LibraryVersions { get; init; }
    public IReadOnlyList<string> Notes { get; init; } = [];

    /// <summary>
    /// The notes that qualify the card's figures (labels cut short by the data's end, totals scaled in another season,
    /// rows an export may hold twice), without the one that only restates how the model was evaluated.
    /// </summary>
    public IReadOnlyList<string> Warnings() => [.. Notes.Where(n => n != Evaluation.Description)];

    /// <summary>Generated data only: the models next to the simulator's true expectations.</summary>
    public TruthCard? Truth { get; init; }

    /// <summary>What the bundle predicts for the base over the horizon after the data's end, summed; null for contract data.</summary>
    public ForecastCard? Forecast { get; init; }

    public static JsonSerializerOptions JsonOptions { get; } = CreateJsonOptions();

    public string ToJson() => JsonSerializer.Serialize(this, JsonOptions);

    public static ModelCard FromJson(string json, string origin)
    {
        try
        {
            return JsonSerializer.Deserialize<ModelCard>(json, JsonOptions)
                ?? throw new InvalidDataException($"{origin}: the model card is empty.");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{origin}: not a valid model card ({e.Message}).", e);
        }
    }

    static JsonSerializerOptions CreateJsonOptions()
    {
        var options = new JsonSerializerOptions
        {
            PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
            WriteIndented = true,
            // Undefined metrics (R² of a constant, AUC with one class) are NaN by design.
            NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        };
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase));
        return options;
    }
}

/// <param name="RowsAfterCutoff">Loaded transactions dated after the cutoff: they give the labels, never the features.</param>
public sealed record DataFingerprint(IReadOnlyList<InputFile> Inputs, long RowsRead, long RowsLoaded, long RowsRejected, int Customers, long RowsAfterCutoff = 0)
{
    /// <summary>Transactions rows the source spec's <c>exclude</c> left out (canceled orders, say): read, neither loaded nor bad.</summary>
    public long RowsExcluded { get; init; }
}

public sealed record InputFile(string Role, string Name, string Sha256, long Bytes, long Rows);

/// <summary>Training distribution of one feature, kept for drift checks.</summary>
public sealed record FeatureDistribution(
    long Count,
    long Missing,
    double? Mean = null,
    double? StandardDeviation = null,
    double? Min = null,
    double? P01 = null,
    double? P25 = null,
    double? P50 = null,
    double? P75 = null,
    double? P99 = null,
    double? Max = null,
    IReadOnlyDictionary<string, double>? TopValues = null);

public sealed record ClvModelCard(
    string FileName,
    ClvObjective Objective,
    string ObjectiveReason,
    TreeHyperparameters Hyperparameters,
    double Smearing,
    RegressionMetrics Metrics,
    IReadOnlyList<ObjectiveComparison> ObjectiveComparison,
    IReadOnlyList<FeatureImportance> Importance,
    IntervalCard Interval,
    double BlendWeight = 1,
    string? BlendReason = null,
    double Scale = 1,
    string Candidate = ClvCandidates.Hybrid,
    string? CandidateReason = null,
    IReadOnlyList<CandidateResult>? Candidates = null,
    string? ScaleReason = null,
    IReadOnlyList<PeriodTotal>? TestTotalsByMonth = null)
{
    /// <summary>
    /// What the trees are blended with by <see cref="BlendWeight"/>: <see cref="ClvCandidates.Btyd"/> (BTYD + Gamma-Gamma, the
    /// default and what bundles before this field used) or <see cref="ClvCandidates.Historic"/>, chosen on validation.
    /// </summary>
    public string BlendPartner { get; init; } = ClvCandidates.Btyd;

    /// <summary>
    /// The days since the last purchase up to which the final trees' training rows reach (<see cref="DormancyExtrapolation.EdgeOf"/>):
    /// a customer away longer is valued at the trees' value times BTYD's fall in expected purchases from the edge to their
    /// days away (<see cref="DormancyExtrapolation.Factor"/>). Null for bundles trained before it was recorded and where no
    /// BTYD model ships: then the trees' value stands.
    /// </summary>
    public int? DormancyEdgeDays { get; init; }

    /// <summary>Why the value past <see cref="DormancyEdgeDays"/> falls as BTYD's expected purchases do, or why the trees' answer stands there.</summary>
    public string? DormancyReason { get; init; }

    /// <summary>How a horizon's predicted total is spread across its calendar months (<see cref="TestTotalsByMonth"/>, the forecast's months); null where the horizon is two months or less.</summary>
    public MonthSpreadCard? MonthSpread { get; init; }
}

/// <summary>
/// How a horizon's predicted total falls across its calendar months: as BTYD expects each customer's purchases to fall,
/// and, where <see cref="SeasonalIndex"/> is set, weighted by the base's own calendar (each calendar month's net spend a
/// day against the base's trend), chosen on the validation period. The total is never moved.
/// </summary>
/// <param name="SeasonalIndex">January first, averaging 1: the index the served forecast's months were weighted by; null when it was not used.</param>
/// <param name="Reason">What was compared on the validation period, or why no index was read.</param>
public sealed record MonthSpreadCard(IReadOnlyList<double>? SeasonalIndex, string Reason);

/// <summary>
/// One CLV candidate on the validation period (where the winner was chosen) and on the test period (reported only).
/// Total errors are (Σ predicted − Σ actual) / Σ actual with each candidate's own validation scale (<see cref="Scale"/>);
/// the shipped candidate's test total is the served one's (out of time its level may come from a totals anchor).
/// </summary>
/// <summary>
/// The trees with and without the profile's columns (postal code, device, channel, newsletter, signup date, extra
/// attributes), each with its own search on the validation period; the profile's columns stay only when the trees' best
/// validation Gini with them beats the best without them by more than the tie margin.
/// </summary>
/// <param name="Used">The shipped models read the profile's columns.</param>
/// <param name="Columns">The profile's columns of the data.</param>
/// <param name="ValidationGiniWith">The best validation normalized Gini of a tree candidate (hybrid or trees) with the profile's columns.</param>
/// <param name="ValidationGiniWithout">The same without them.</param>
public sealed record ProfileColumnsCard(bool Used, IReadOnlyList<string> Columns, double ValidationGiniWith, double ValidationGiniWithout, string Reason);

/// <summary>A candidate for the shipped value, judged on validation, with its test-period figures beside them.</summary>
/// <param name="TestTotalError">
/// The error of the summed prediction on the test period: the shipped candidate's as served (its level may come from a totals
/// anchor, <see cref="ClvModelCard.ScaleReason"/>), every other's at its own validation <see cref="Scale"/>: how far its own
/// level carried, not what it would have served where an anchor sets the level (<see cref="TestTotalBasis"/>).
/// </param>
public sealed record CandidateResult(
    string Name, double ValidationGini, double ValidationMae, double ValidationTotalError,
    double? TestGini, double? TestMae, double? TestTotalError, bool Shipped)
{
    /// <summary>Σ actual / Σ predicted of this candidate on the validation rows: what its totals are scaled by, in validation and test alike.</summary>
    public double Scale { get; init; } = 1;

    /// <summary>What <see cref="TestTotalError"/> measures, in a sentence for the candidates' table.</summary>
    public const string TestTotalBasis =
        "test total: the shipped candidate's as served (its level set as the scale of totals says); every other's at its own validation scale (its Σ actual / Σ predicted on validation), how far its own level carried, not what it would have served where the level comes from a totals anchor";
}

/// <summary>
/// The shipped bundle's predictions for every customer as of <see cref="AsOf"/> (the data's end, the date serving starts
/// from), summed over the horizon <see cref="From"/> to <see cref="To"/>: the total a budget is made of. Beside it, how far
/// off the same rule's total was on the test period (<see cref="TestValueError"/>, <see cref="TestPurchasesError"/>) and
/// whether that period was later than the data the rule was set on (<see cref="OutOfTime"/>): customer folds of one
/// snapshot share its period, so their total error says nothing of the next one.
/// </summary>
/// <param name="Customers">Customers scored, prospects (no order yet) included.</param>
/// <param name="NewCustomers">Of them, customers without an order: their value is the cold-start prediction.</param>
/// <param name="PredictedValue">Σ predicted value (spend over the horizon).</param>
/// <param name="ExpectedPurchases">Σ expected purchase days.</param>
/// <param name="Reading">The figures in one sentence, as the report and <c>cvml train</c> print them.</param>
public sealed record ForecastCard(
    DateOnly AsOf, DateOnly From, DateOnly To, int Customers, int NewCustomers, double PredictedValue, double ExpectedPurchases,
    double? TestValueError, double? TestPurchasesError, bool OutOfTime, string Reading)
{
    /// <summary>
    /// The forecast in each calendar month of the horizon (a first or last part under a week joins its neighbour), spread
    /// as <see cref="ClvModelCard.MonthSpread"/> says; null where the horizon is two months or less.
    /// </summary>
    public IReadOnlyList<ForecastMonth>? ByMonth { get; init; }
}

/// <summary>The forecast's part in one calendar month of the horizon: predicted value and expected purchase days.</summary>
public sealed record ForecastMonth(DateOnly From, DateOnly To, double PredictedValue, double ExpectedPurchases);

/// <summary>Summed predicted and actual spend over one calendar month of the test horizon (predictions spread as <see cref="ClvModelCard.MonthSpread"/> says).</summary>
public sealed record PeriodTotal(DateOnly From, DateOnly To, double Predicted, double Actual, double Error);

/// <summary>Expected purchase days over the horizon; <see cref="Scale"/> (Σ actual / Σ predicted on validation) moves the total.</summary>
/// <remarks><see cref="Candidate"/>: "trees" (the orders model) or "btyd-gamma-gamma" (the BTYD model's expected purchases), chosen on validation.</remarks>
public sealed record OrdersModelCard(
    string FileName, ClvObjective Objective, double Smearing, RegressionMetrics Metrics, double Scale = 1,
    string Candidate = ClvCandidates.Trees, string? CandidateReason = null, double? BtydMae = null)
{
    /// <summary>RMSE of the BTYD model's unscaled expected purchases on the same held-out rows as <see cref="BtydMae"/>.</summary>
    public double? BtydRmse { get; init; }

    /// <summary>Error of the BTYD model's unscaled summed expected purchases on those rows.</summary>
    public double? BtydSumError { get; init; }

    /// <summary>
    /// MAE of predicting no purchase for every held-out customer (their mean purchases): where most customers buy nothing in
    /// a horizon, absolute error favours predictions below the mean, and a model whose total is right can score worse than
    /// one that under-predicts. Null in bundles trained before it was recorded.
    /// </summary>
    public double? NoPurchaseMae { get; init; }

    /// <summary>Share of the held-out customers who made no purchase over the horizon.</summary>
    public double? NoPurchaseShare { get; init; }
}

public sealed record ObjectiveComparison(ClvObjective Objective, double ValidationGini, double ValidationMae, double ValidationRmse);

public sealed record ChurnModelCard(
    string FileName,
    TreeHyperparameters Hyperparameters,
    double Threshold,
    BinaryMetrics Metrics,
    IReadOnlyList<FeatureImportance> Importance,
    IReadOnlyList<double>? FoldAuc = null,
    double TreeWeight = 1,
    string? BlendReason = null)
{
    /// <summary>
    /// As <see cref="ClvModelCard.DormancyEdgeDays"/> for the churn trees: past it a customer's chance of buying in the churn
    /// window falls as BTYD's does (<see cref="DormancyExtrapolation.Churn"/>). Null where the trees' answer stands.
    /// </summary>
    public int? DormancyEdgeDays { get; init; }

    /// <summary>Why the churn probability past <see cref="DormancyEdgeDays"/> follows BTYD, or why the trees' answer stands there.</summary>
    public string? DormancyReason { get; init; }
}

public sealed record FeatureImportance(string Feature, double Importance);

/// <summary>
/// P10/P90 of the predicted value: residual quantiles of held-out predictions per band of predicted
/// value. <see cref="Coverage"/> is measured on held-out customers the bands were not fitted on.
/// </summary>
/// <param name="CoverageByDecile">
/// <see cref="Coverage"/> within each tenth of the same rows by predicted value, lowest first: whether the intervals of
/// the most valuable customers hold as well as the rest's. Null for cards written before it was kept.
/// </param>
public sealed record IntervalCard(IReadOnlyList<IntervalBand> Bands, double Coverage, int CoverageRows, string Method, IReadOnlyList<double>? CoverageByDecile = null);

/// <param name="RatioP10">
/// The top band only: the 10th percentile of (actual − predicted) ÷ predicted (<paramref name="RatioP90"/> the 90th).
/// The top band spans the largest predictions, often over orders of magnitude, where one absolute width held the most
/// valuable tenth of customers 54–70 % of the time; null for the other bands and for cards written before it was kept.
/// </param>
public sealed record IntervalBand(double UpperPrediction, double ResidualP10, double ResidualP90, int Rows, double? RatioP10 = null, double? RatioP90 = null);

public sealed record ColdStartCard(
    string Cohort,
    int Rows,
    RegressionMetrics MainModel,
    RegressionMetrics? DedicatedModel,
    RegressionMetrics FirstOrderBaseline,
    bool UseDedicatedModel,
    string Decision,
    string? FileName);

public sealed record EvaluationCard(
    string Method,
    string Description,
    DateOnly? TrainCutoff,
    DateOnly TestCutoff,
    int TrainRows,
    int TestRows,
    int? Folds,
    double SearchSeconds,
    int ConfigurationsTried,
    IReadOnlyList<SearchTrial> Search,
    string? SearchValidation = null,
    IReadOnlyList<FoldChoice>? NestedSearch = null,
    DateOnly? ValidationCutoff = null,
    string? Periods = null);

/// <summary>
/// What a nested search chose inside one evaluation fold, from that fold's training rows only: the
/// held-out figures of that fold come from these settings, not from the final models' search.
/// </summary>
public sealed record FoldChoice(
    int Fold,
    TreeHyperparameters ChurnHyperparameters,
    double ChurnValidationAuc,
    double ChurnTreeWeight,
    TreeHyperparameters? ClvHyperparameters,
    ClvObjective? ClvObjective,
    double? ClvBlendWeight);

public sealed record SearchTrial(string Model, TreeHyperparameters Hyperparameters, string Metric, double Value);

/// <summary>
/// The expected next order date on held-out data: of the customers who were given a date (50 % chance of a repeat
/// order by then, within the horizon), the share who had ordered by it, which should be near 0.5; and how often the
/// customers given no date ordered within the horizon anyway.
/// </summary>
public sealed record NextOrderCalibration(int CustomersWithDate, double ShareOrderedByDate, int CustomersWithoutDate, double ShareWithoutDateOrderedInHorizon)
{
    /// <summary>
    /// Days between each held-out customer's next order and their date, both capped at the horizon's end (no date, or no
    /// order within the horizon, counts as the end), on average over every customer counted: what the way of dating was
    /// chosen by (<see cref="ModelCard.NextOrderMethod"/>). For customers as regular as a subscription's the share ordered
    /// by the date swings between near 0 and near 1 with a day's difference, and this is the figure to read.
    /// </summary>
    public double? MeanDaysOff { get; init; }
}

public sealed record BaselineResult(string Name, string Description, double NormalizedGini, double? Mae, double? Rmse, double? Auc = null);

public sealed record TruthCard(
    int Rows, double ModelR2, double OracleR2, double ModelR2AgainstTruth, double ModelGini, double OracleGini,
    double ModelAuc, double OracleAuc, string Method);

/// <summary>Whether the bundle replaced <c>models/current</c> when it was trained, and why (see <c>Champion</c>).</summary>
public sealed record ChampionDecision(string? PreviousVersion, bool Promoted, string Reason, double? PreviousGini, double? PreviousAuc)
{
    /// <summary>
    /// What kept the bundle from becoming current: a quality gate the run asked for, or a promotion gate of a bundle
    /// not comparable with the current model. Empty when it was promoted.
    /// </summary>
    public IReadOnlyList<string> GateFailures { get; init; } = [];

    /// <summary>The promotion policy of the run: "auto", or "always" when <c>--promote always</c> was given.</summary>
    public string? Policy { get; init; }
}

/// <summary>Held-out CLV Gini and churn AUC of the hybrid, of the same learner without BTYD features, and of BTYD alone.</summary>
public sealed record HybridComparison(
    double HybridGini, double PureMlGini, double? PureBtydGini,
    double HybridAuc, double PureMlAuc, double? PureBtydAuc,
    string Verdict);
