using CustomerValue.Core.Data;
using CustomerValue.Modeling.Training;

namespace CustomerValue.Modeling.Tests.Training;

public sealed class RejectedRowsNoteTests : IDisposable
{
    readonly string _folder = Directory.CreateTempSubdirectory("cvml-rejected-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void ARunThatSkipsMonthFirstDatesReadDayFirstSaysInTheCardThatTheRowsItLoadedAreMisdated()
    {
        var transactions = Path.Combine(_folder, "orders.csv");
        File.WriteAllText(transactions, "customer_id,timestamp,amount\nc1,12/1/2022 8:26,10\nc2,12/13/2022 9:05,20\nc3,2/3/2022 10:00,40\n");
        var spec = Path.Combine(_folder, "spec.json");
        File.WriteAllText(spec, """{ "dateFormats": ["d/M/yyyy H:mm"] }""");

        var input = TrainingInput.Open(new TrainingOptions
        {
            TransactionsPath = transactions,
            SourceSpecPath = spec,
            OnBadRow = BadRowPolicy.Skip,
            ModelsDirectory = _folder,
        });

        Assert.Equal(
            [$"""{transactions}: 1 row has a date that reads only with day and month the other way round ('12/13/2022 9:05' as M/d/yyyy H:mm): the spec's "dateFormats" has them in the wrong order for this file, and the 2 rows loaded are misdated wherever the day was 12 or lower; give a source spec with "dateFormats": ["M/d/yyyy H:mm"] (docs/data.md)"""],
            ModelTrainer.RejectedRowsNote(input));
    }
}
