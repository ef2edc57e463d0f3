using CustomerValue.Api.Console;
using Microsoft.Extensions.FileProviders;

namespace CustomerValue.Api.Tests.Console;

public sealed class ConsoleStaticFilesTests : IDisposable
{
    readonly string _root = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "cvml-static-" + Guid.NewGuid().ToString("N"))).FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    string Folder(string name, bool withStyleSheet)
    {
        var folder = Directory.CreateDirectory(Path.Combine(_root, name)).FullName;
        if (withStyleSheet)
        {
            Directory.CreateDirectory(Path.Combine(folder, "wwwroot"));
            File.WriteAllText(Path.Combine(folder, "wwwroot", ConsoleEndpoints.StyleSheet), $"/* {name} */");
        }
        return folder;
    }

    [Fact]
    public void StartedFromAnotherFolderThePublishedConsoleServesTheStyleSheetShippedBesideTheApp()
    {
        var app = Folder("app", withStyleSheet: true);
        var elsewhere = Folder("elsewhere", withStyleSheet: false);

        var options = ConsoleEndpoints.StaticFiles(new PhysicalFileProvider(elsewhere), app);

        var sheet = Assert.IsType<PhysicalFileProvider>(options.FileProvider).GetFileInfo(ConsoleEndpoints.StyleSheet);
        Assert.True(sheet.Exists);
        Assert.Equal(Path.Combine(app, "wwwroot", ConsoleEndpoints.StyleSheet), sheet.PhysicalPath);
    }

    [Fact]
    public void AWebRootWithTheConsoleFilesIsServedAsTheFrameworkServesIt()
    {
        var app = Folder("app", withStyleSheet: true);
        var root = Folder("root", withStyleSheet: true);

        Assert.Null(ConsoleEndpoints.StaticFiles(new PhysicalFileProvider(Path.Combine(root, "wwwroot")), app).FileProvider);
    }

    [Fact]
    public void WithTheFilesInNeitherPlaceTheFrameworksWebRootStays()
    {
        var app = Folder("app", withStyleSheet: false);

        Assert.Null(ConsoleEndpoints.StaticFiles(new NullFileProvider(), app).FileProvider);
    }
}
