using System.Collections;
using CustomerValue.Core.Domain;

namespace CustomerValue.Core.Data;

/// <summary>
/// A lazily read transactions file. <see cref="Report"/> is null before enumeration starts, fills
/// while it runs and is complete when it ends.
/// </summary>
public sealed class TransactionStream : IEnumerable<Transaction>
{
    readonly TransactionLoader _loader;

    internal TransactionStream(TransactionLoader loader, string path) => (_loader, Path) = (loader, path);

    public string Path { get; }

    public LoadReport? Report { get; private set; }

    public IEnumerator<Transaction> GetEnumerator() => _loader.Read(Path, report => Report = report).GetEnumerator();

    /// <summary>The same pass as enumerating the stream, filling the same <see cref="Report"/>, with only what a ledger keeps.</summary>
    internal IEnumerable<LedgerEntry> Entries() => _loader.ReadEntries(Path, report => Report = report);

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
