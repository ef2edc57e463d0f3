using System.IO.Compression;

namespace CustomerValue.Core.Data;

/// <summary>
/// A compressed source file, known by its first bytes rather than its name: gzip (what <c>gzip</c>, BigQuery,
/// Snowflake and Redshift exports write) or a zip archive holding one file (a download or a spreadsheet's "compressed
/// folder"). Its content is read as it decompresses, with the platform's decoders; nothing is written to disk.
/// </summary>
internal sealed class CompressedFile : IDisposable
{
    readonly FileStream _file;
    readonly ZipArchive? _archive;

    CompressedFile(FileStream file, Stream content, string kind, ZipArchive? archive = null)
    {
        _file = file;
        Content = content;
        Kind = kind;
        _archive = archive;
    }

    /// <summary>The decompressed bytes.</summary>
    public Stream Content { get; }

    /// <summary>"gzip" or "zip", for messages.</summary>
    public string Kind { get; }

    /// <summary>How far into the compressed file the decoder has read: with its length, how far the reading has come.</summary>
    public long CompressedPosition => _file.Position;

    /// <summary>The file as a compressed stream, or null when it is not compressed (then nothing stays open).</summary>
    /// <exception cref="SourceReadException">A zip archive that holds no file or more than one.</exception>
    /// <exception cref="IOException">The file cannot be opened.</exception>
    public static CompressedFile? Open(string path)
    {
        var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1 << 16);
        try
        {
            Span<byte> start = stackalloc byte[4];
            start = start[..file.ReadAtLeast(start, start.Length, throwOnEndOfStream: false)];
            file.Position = 0;
            if (start.StartsWith((ReadOnlySpan<byte>)[0x1F, 0x8B]))
                return new CompressedFile(file, new Counted(new GZipStream(file, CompressionMode.Decompress, leaveOpen: true)), "gzip");
            if (start.SequenceEqual((ReadOnlySpan<byte>)[0x50, 0x4B, 0x03, 0x04]))
                return OpenZip(file);
            if (start.SequenceEqual((ReadOnlySpan<byte>)[0xD0, 0xCF, 0x11, 0xE0]))
                throw new SourceReadException(SaveAsCsv("an Excel workbook in the old binary format (.xls)"));
            if (start.SequenceEqual("PAR1"u8))
                throw new SourceReadException("is a Parquet file: give it a name ending in .parquet, or \"format\": \"parquet\" in the source spec");
            file.Dispose();
            return null;
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }

    static CompressedFile OpenZip(FileStream file)
    {
        ZipArchive archive;
        try
        {
            archive = new ZipArchive(file, ZipArchiveMode.Read, leaveOpen: true);
        }
        catch (InvalidDataException e)
        {
            throw new SourceReadException($"starts as a zip archive but cannot be read as one: {e.Message}", e);
        }
        // A spreadsheet saved as .xlsx or .ods is a zip archive too.
        if (archive.GetEntry("xl/workbook.xml") is not null || (archive.GetEntry("content.xml") is not null && archive.GetEntry("mimetype") is not null))
        {
            var what = archive.GetEntry("xl/workbook.xml") is not null ? "an Excel workbook (.xlsx)" : "an OpenDocument spreadsheet (.ods)";
            archive.Dispose();
            throw new SourceReadException(SaveAsCsv(what));
        }
        // Folders, and the resource forks macOS adds to archives it makes, are not the data.
        var files = archive.Entries.Where(e => e.Name.Length > 0 && !e.FullName.StartsWith("__MACOSX/", StringComparison.Ordinal)).ToList();
        if (files.Count != 1)
        {
            archive.Dispose();
            throw new SourceReadException(files.Count == 0
                ? "is a zip archive with no file in it"
                : $"is a zip archive of {files.Count} files ({string.Join(", ", files.Take(5).Select(e => e.FullName))}{(files.Count > 5 ? ", …" : "")}): " +
                  "unzip it and give one file, or zip that file alone");
        }
        try
        {
            return new CompressedFile(file, files[0].Open(), "zip", archive);
        }
        catch (InvalidDataException e)
        {
            archive.Dispose();
            throw new SourceReadException($"is a zip archive whose file {files[0].FullName} cannot be read: {e.Message}", e);
        }
    }

    static string SaveAsCsv(string what) =>
        $"is {what}, not a CSV file: save the sheet as CSV (Save As › CSV UTF-8), one header line and one row per record, and give that file";

    /// <summary>
    /// Once the content has been read to its end: throws when gzip data stopped short of the size its trailer gives (the
    /// decoder ends a cut file quietly, at whatever it could decode, often inside a row whose amount then reads shorter).
    /// </summary>
    /// <exception cref="SourceReadException">The sizes differ.</exception>
    public void CheckComplete()
    {
        if (Content is not Counted counted)
            return;
        Span<byte> trailer = stackalloc byte[4];
        var length = RandomAccess.GetLength(_file.SafeFileHandle);
        if (length < 18 || RandomAccess.Read(_file.SafeFileHandle, trailer, length - 4) != 4)
            throw new SourceReadException("the gzip data is cut short: the file is too small to hold a gzip trailer");
        var stated = System.Buffers.Binary.BinaryPrimitives.ReadUInt32LittleEndian(trailer);
        if (stated != (uint)counted.Count)
            throw new SourceReadException(
                $"the gzip data stops after {counted.Count:N0} bytes, short of the size recorded at the file's end: the file was cut short " +
                "(a copy or download that stopped), or it joins several gzip files; gunzip it and give the CSV");
    }

    public void Dispose()
    {
        Content.Dispose();
        _archive?.Dispose();
        _file.Dispose();
    }

    /// <summary>A read-only stream that counts the bytes read through it.</summary>
    sealed class Counted(Stream inner) : Stream
    {
        public long Count { get; private set; }

        public override int Read(Span<byte> buffer)
        {
            var read = inner.Read(buffer);
            Count += read;
            return read;
        }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => Count; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
                inner.Dispose();
            base.Dispose(disposing);
        }
    }
}
