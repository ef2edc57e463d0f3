namespace CustomerValue.Training;

public static class ExitCodes
{
    public const int Ok = 0;
    public const int BadInput = 1;
    public const int GateFailed = 2;

    /// <summary>Interrupted (Ctrl-C): 128 + SIGINT, as shells report it.</summary>
    public const int Cancelled = 130;
}
