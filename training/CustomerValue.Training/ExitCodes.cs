namespace CustomerValue.Training;

public static class ExitCodes
{
    public const int Ok = 0;
    public const int BadInput = 1;
    public const int GateFailed = 2;
}
