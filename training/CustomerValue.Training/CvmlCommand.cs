using System.CommandLine;

namespace CustomerValue.Training;

/// <summary>The root of the <c>cvml</c> command line: one sub-command per file under Commands/.</summary>
public static class CvmlCommand
{
    public static RootCommand Create()
    {
        var root = new RootCommand("cvml: train, validate and score customer lifetime value and churn models");
        return root;
    }
}
