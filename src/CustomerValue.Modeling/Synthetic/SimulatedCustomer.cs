using CustomerValue.Core.Domain;

namespace CustomerValue.Modeling.Synthetic;

/// <summary>
/// One simulated customer: what a data set would show (profile and transactions, chronological),
/// the hidden parameters, and the truth at the truth date.
/// </summary>
/// <param name="AliveAtTruthDate">
/// The realised hidden state behind <see cref="CustomerTruth.ProbabilityAlive"/>: bought before the
/// truth date and not yet dead, or not bought yet and going to. Never written to the files.
/// </param>
public sealed record SimulatedCustomer(
    CustomerProfile Profile,
    TrueCustomerParameters Parameters,
    IReadOnlyList<Transaction> Transactions,
    CustomerTruth Truth,
    bool AliveAtTruthDate);
