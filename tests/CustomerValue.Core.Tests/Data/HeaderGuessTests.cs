using CustomerValue.Core.Data;

namespace CustomerValue.Core.Tests.Data;

/// <summary>A header in an export's own words gets the source spec that reads it, written out, and that spec loads the file.</summary>
public sealed class HeaderGuessTests : IDisposable
{
    readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    /// <summary>
    /// The spec the header guess gives a transactions file that does not load in contract format: the load's report holds
    /// the spec its message gives (what <c>cvml validate --write-source</c> writes is what the message says).
    /// </summary>
    static string GuessedSpec(string path)
    {
        var error = Assert.Throws<DataLoadException>(() => new TransactionLoader().Load(path));
        var suggested = Assert.IsType<SuggestedSpec>(error.Report.SuggestedSpec);
        Assert.Equal(SpecInMessage(error.Message), suggested.Json);
        return suggested.Json;
    }

    /// <summary>The file loaded with the spec its header guess gives, and that spec.</summary>
    static (string Spec, TransactionSet Loaded) LoadedWithItsGuess(string path)
    {
        var spec = GuessedSpec(path);
        return (spec, new TransactionLoader(SourceSpec.Parse(spec, Path.GetFileNameWithoutExtension(path) + ".json")).Load(path));
    }

    /// <summary>The spec the message suggests, as JSON, from "with " to " (check it".</summary>
    static string SpecInMessage(string message)
    {
        const string Start = "the header looks like a source spec with ";
        int from = message.IndexOf(Start, StringComparison.Ordinal);
        Assert.True(from >= 0, message);
        from += Start.Length;
        return "{ " + message[from..message.IndexOf(" (check it", from, StringComparison.Ordinal)] + " }";
    }

    [Fact]
    public void TheSuggestedSpecWrittenToAFileLoadsTheDataItNames()
    {
        // A semicolon-separated export in its own words: the delimiter and the mapping in one spec.
        Directory.CreateDirectory(_temp.Combine("exports"));
        Directory.CreateDirectory(_temp.Combine("specs"));
        var data = _temp.File(Path.Combine("exports", "orders.csv"), "Kunde;Datum;Umsatz\nk1;2025-01-10;19,99\nk2;2025-01-11;5,00\n");
        var specPath = _temp.Combine(Path.Combine("specs", "orders.json"));

        var suggested = Assert.IsType<SuggestedSpec>(SuggestedSpec.For(data, FileKind.Transactions, out var fitsContract));
        File.WriteAllText(specPath, suggested.ToFile(data, specPath));
        var spec = SourceSpec.Load(specPath);

        Assert.False(fitsContract);
        // Beside the data, the path is relative, so the folder can move; the file loads with the spec alone.
        Assert.Equal(Path.Combine("..", "exports", "orders.csv"), spec.Path);
        Assert.Equal(FileKind.Transactions, spec.Kind);
        Assert.Equal([19.99, 5.0], new TransactionLoader(spec).Load(spec.ResolvePath()!).Transactions.Select(t => t.Amount));
        // A header in the contract's words needs no spec.
        var contract = _temp.File("contract.csv", "customer_id,timestamp,amount\nc1,2025-01-10,1\n");
        Assert.Null(SuggestedSpec.For(contract, FileKind.Transactions, out var fits));
        Assert.True(fits);
        // Nor does a file that cannot be opened get one; loading it says why.
        Assert.Null(SuggestedSpec.For(Path.Combine(_temp.Path, "missing.csv"), FileKind.Transactions, out var missing));
        Assert.False(missing);
    }

    [Fact]
    public void AnOrderExportWithARefundColumnGetsAnAmountNetOfTheRefundThatLoadsIt()
    {
        // WooCommerce's order export: the refund stands beside the total, blank where nothing was refunded.
        var path = _temp.File("woo.csv",
            "Order Number,Order Status,Order Date,Billing Email,Order Total Amount,Order Refund Amount,Billing Postcode\n" +
            "1001,completed,2025-01-10 10:00,a@x.com,19.99,,10472\n" +
            "1002,refunded,2025-01-11 11:00,b@x.com,50.00,50.00,60616\n" +
            "1003,completed,2025-01-12 12:00,a@x.com,19.99,5.99,10472\n");

        var error = Assert.Throws<DataLoadException>(() => new TransactionLoader().Load(path));
        var spec = SpecInMessage(error.Message);

        Assert.Equal("""{ "mapping": { "customer_id": "Billing Email", "timestamp": "Order Date", "order_id": "Order Number", "postal_code": "Billing Postcode" }, "computed": { "amount": { "multiply": ["Order Total Amount"], "minus": ["Order Refund Amount"] } } }""", spec);
        var set = new TransactionLoader(SourceSpec.Parse(spec, "suggested.json")).Load(path);
        // In decimal: 19.99 − 5.99 is 14.00 exactly, not 13.999999999999998.
        Assert.Equal([19.99, 0, 14.0], set.Transactions.Select(t => t.Amount));
        Assert.Equal([new BlankValueCount("Order Refund Amount", 1, BlankValueRule.Zero)], set.Report.BlankValues);
        Assert.DoesNotContain("Order Refund Amount", set.Report.IgnoredColumns);
        // A refund that is no number rejects its row, naming the refund's column.
        var bad = _temp.File("woo-bad.csv", "Order Date,Billing Email,Order Total Amount,Order Refund Amount\n2025-01-10,a@x.com,19.99,n/a\n");
        var rejected = Assert.Single(Assert.Throws<DataLoadException>(() => new TransactionLoader(SourceSpec.Parse(
            """{ "mapping": { "customer_id": "Billing Email", "timestamp": "Order Date" }, "computed": { "amount": { "multiply": ["Order Total Amount"], "minus": ["Order Refund Amount"] } } }""", "woo.json")).Load(bad)).Errors);
        Assert.Equal(("Order Refund Amount", "non-numeric amount 'n/a'"), (rejected.Column, rejected.Reason));
    }

    [Fact]
    public void MinusNeedsAnAmountToSubtractFrom()
    {
        var alone = Assert.Throws<SourceSpecException>(() => SourceSpec.Parse("""{ "computed": { "amount": { "minus": ["Refund"] } } }""", "s.json"));
        var quantity = Assert.Throws<SourceSpecException>(() => SourceSpec.Parse("""{ "computed": { "quantity": { "multiply": ["Qty"], "minus": ["Returned"] } } }""", "q.json"));

        Assert.Contains("computed 'amount' needs \"multiply\": [columns], \"factor\": a number, or both; \"minus\" subtracts from them", alone.Message);
        Assert.Contains("computed 'quantity': \"minus\" applies to the amount only", quantity.Message);
    }

    [Fact]
    public void AGroceryExportsSalesPriceIsItsAmountNotAFileWithoutAmounts()
    {
        // Ta-Feng's grocery transactions: the line's sales price is what was paid; nothing says purchase events without values.
        var path = _temp.File("tafeng.csv", "TRANSACTION_DT,CUSTOMER_ID,AGE_GROUP,PIN_CODE,SALES_PRICE\n11/1/2000,01104905,35-39,115,118\n11/13/2000,01104905,35-39,115,52\n");

        var error = Assert.Throws<DataLoadException>(() => new TransactionLoader().Load(path));
        var spec = SpecInMessage(error.Message);

        Assert.Equal("""{ "mapping": { "timestamp": "TRANSACTION_DT", "amount": "SALES_PRICE", "postal_code": "PIN_CODE" }, "dateFormats": ["M/d/yyyy"] }""", spec);
        Assert.Equal([118.0, 52.0], new TransactionLoader(SourceSpec.Parse(spec, "suggested.json")).Load(path).Transactions.Select(t => t.Amount));
    }

    [Fact]
    public void AGroceryExportsAmountOfUnitsIsItsQuantityBesideTheSalesPricePaid()
    {
        // Ta-Feng's whole header: AMOUNT is the units bought, SALES_PRICE the money; read by its name, AMOUNT made every value a count of items.
        var path = _temp.File("tafeng.csv", "TRANSACTION_DT,CUSTOMER_ID,AGE_GROUP,PIN_CODE,PRODUCT_SUBCLASS,PRODUCT_ID,AMOUNT,ASSET,SALES_PRICE\n" +
            "11/1/2000,01104905,35-39,115,110411,4710199010372,2,24,30\n11/13/2000,01104905,35-39,115,100505,4710199010372,1,41,52\n");

        var error = Assert.Throws<DataLoadException>(() => new TransactionLoader().Load(path));
        var (spec, loaded) = LoadedWithItsGuess(path);

        Assert.Equal("""{ "mapping": { "timestamp": "TRANSACTION_DT", "postal_code": "PIN_CODE", "amount": "SALES_PRICE", "quantity": "AMOUNT" }, "dateFormats": ["M/d/yyyy"] }""", spec);
        Assert.Contains("'AMOUNT' holds whole numbers of a few units beside 'SALES_PRICE', so it is read as the quantity", error.Message);
        Assert.Equal([30.0, 52.0], loaded.Transactions.Select(t => t.Amount));
        // An amount column that holds money keeps its name's meaning beside another total.
        var money = _temp.File("money.csv", "TRANSACTION_DT,CUSTOMER_ID,AMOUNT,SALES_PRICE\n11/1/2000,c1,29.90,30\n11/13/2000,c1,52.50,52\n");
        Assert.Equal("""{ "mapping": { "timestamp": "TRANSACTION_DT" }, "dateFormats": ["M/d/yyyy"] }""", GuessedSpec(money));
        // So does one of whole dollars beside an order's larger total.
        var dollars = _temp.File("dollars.csv", "TRANSACTION_DT,CUSTOMER_ID,AMOUNT,ORDER_TOTAL\n11/1/2000,c1,30,120\n11/13/2000,c1,52,160\n11/14/2000,c1,4,200\n");
        Assert.Equal("""{ "mapping": { "timestamp": "TRANSACTION_DT" }, "dateFormats": ["M/d/yyyy"] }""", GuessedSpec(dollars));
    }

    [Fact]
    public void ADateColumnInTheExportsOwnWordsIsFoundByItsValues()
    {
        // H&M's transactions: t_dat is the day; the article's ten-digit id before it is not a Unix time, nor the channel a date.
        var path = _temp.File("hm.csv", "article_id,customer_id,t_dat,price,sales_channel_id\n" +
            "0663713001,00000dbacae5abe5e23885899a1fa44253a17956c6d1c3d25f88aa139fdfc657,2018-09-20,0.050830508474576264,2\n" +
            "0541518023,00000dbacae5abe5e23885899a1fa44253a17956c6d1c3d25f88aa139fdfc657,2018-09-22,0.030491525423728815,2\n");

        var (spec, loaded) = LoadedWithItsGuess(path);

        Assert.Equal("""{ "mapping": { "timestamp": "t_dat", "amount": "price" } }""", spec);
        Assert.Equal([new DateTime(2018, 9, 20), new DateTime(2018, 9, 22)], loaded.Transactions.Select(t => t.Timestamp));
        // Without a column of dates there is still no guess.
        var undated = _temp.File("undated.csv", "article_id,customer_id,price\n0663713001,c1,0.05\n");
        Assert.Null(Assert.Throws<DataLoadException>(() => new TransactionLoader().Load(undated)).Report.SuggestedSpec);
    }

    [Theory]
    [InlineData("amount_usd")]
    [InlineData("Total EUR")]
    [InlineData("gbp_revenue")]
    public void AnAmountWithItsCurrencyInItsNameIsTheAmount(string column)
    {
        var path = _temp.File("orders.csv", $"client,order_date,{column}\nc1,2024-01-05,12.50\n");

        var error = Assert.Throws<DataLoadException>(() => new TransactionLoader().Load(path));

        Assert.Equal($$"""{ "mapping": { "customer_id": "client", "timestamp": "order_date", "amount": "{{column}}" } }""", SpecInMessage(error.Message));
    }

    [Fact]
    public void AShopsCustomersExportGetsItsZipAndMarketingConsentMapped()
    {
        var path = _temp.File("customers.csv",
            "Customer ID,First Name,Email,Accepts Email Marketing,Default Address Zip,Total Spent\n7001,Ann,ann@example.com,yes,10001,250.00\n");

        var error = Assert.Throws<DataLoadException>(() => new CustomerLoader().Load(path));
        var spec = SpecInMessage(error.Message);

        Assert.Equal("""{ "mapping": { "customer_id": "Customer ID", "postal_code": "Default Address Zip", "newsletter": "Accepts Email Marketing" } }""", spec);
        var profile = Assert.Single(new CustomerLoader(SourceSpec.Parse(spec.Replace("{ \"mapping\"", "{ \"kind\": \"customers\", \"mapping\"", StringComparison.Ordinal), "suggested.json")).Load(path).Customers);
        Assert.Equal(("7001", "10001", true), (profile.CustomerId, profile.PostalCode, profile.Newsletter));
    }

    [Fact]
    public void AnOrderLineExportGetsAMappingAndAComputedAmountThatLoadIt()
    {
        var path = _temp.File("online-retail.csv",
            "InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,Customer ID,Country\n" +
            "536365,85123A,LANTERN,6,2010-12-01 08:26:00,2.55,17850,United Kingdom\n" +
            "536365,71053,METAL LANTERN,1,2010-12-01 08:26:00,3.39,17850,United Kingdom\n" +
            "536366,22633,HAND WARMER,2,2010-12-01 08:28:00,1.85,17851,United Kingdom\n");

        var error = Assert.Throws<DataLoadException>(() => new TransactionLoader().Load(path));
        var spec = SpecInMessage(error.Message);

        Assert.Equal("""{ "mapping": { "customer_id": "Customer ID", "timestamp": "InvoiceDate", "order_id": "InvoiceNo" }, "computed": { "amount": { "multiply": ["Quantity", "UnitPrice"] } }, "uniqueOrderIds": false }""", spec);
        Assert.EndsWith("(check it, then give it with --source: cvml validate --write-source FILE writes it)", error.Message, StringComparison.Ordinal);
        var set = new TransactionLoader(SourceSpec.Parse(spec, "suggested.json")).Load(path);
        // The order's second line loads as a line of the same order, not as a duplicate order id.
        Assert.Equal([15.30, 3.39, 3.70], set.Transactions.Select(t => Math.Round(t.Amount, 2)));
        Assert.Equal(["17850", "17850", "17851"], set.Transactions.Select(t => t.CustomerId));
    }

    /// <summary>
    /// Google Analytics 4's events flattened: the visitor's pseudo id, the event's time in microseconds, the purchase's
    /// revenue, and of all the events only the purchases: the suggested spec loads them in one step.
    /// </summary>
    [Fact]
    public void AnAnalyticsEventExportIsReadAsItsPurchaseEventsAlone()
    {
        var path = _temp.File("ga4.csv", "event_date,event_timestamp,event_name,user_pseudo_id,ecommerce_purchase_revenue,ecommerce_transaction_id\n"
            + "20240105,1704412800000000,page_view,111.222,,\n"
            + "20240105,1704412900000000,purchase,111.222,34.98,T1\n"
            + "20240106,1704499200000000,add_to_cart,333.444,,\n"
            + "20240107,1704585600000000,purchase,333.444,12.50,T2\n");

        var (spec, loaded) = LoadedWithItsGuess(path);

        Assert.Equal("""{ "mapping": { "customer_id": "user_pseudo_id", "timestamp": "event_timestamp", "amount": "ecommerce_purchase_revenue", "order_id": "ecommerce_transaction_id" }, "include": { "event_name": ["purchase"] }, "dateFormats": ["unix-microseconds"] }""", spec);
        Assert.Equal([(new DateTime(2024, 1, 5, 0, 1, 40), 34.98), (new DateTime(2024, 1, 7), 12.50)], loaded.Transactions.Select(t => (t.Timestamp, t.Amount)));
        Assert.Equal((2L, "\"include\""), (loaded.Report.RowsExcluded, loaded.Report.LeftOutBy));
    }

    /// <summary>
    /// GA4's refund events write the refund's value in a column of its own, the purchase's blank: the suggestion includes
    /// them and subtracts that column, so a refunded purchase nets to nothing instead of counting at its full value.
    /// </summary>
    [Fact]
    public void AnAnalyticsExportsRefundEventsAreReadAsReturnsFromTheirRefundValue()
    {
        var path = _temp.File("ga4.csv", "event_timestamp,event_name,user_pseudo_id,ecommerce.transaction_id,ecommerce.purchase_revenue,ecommerce.refund_value\n"
            + "1704412800000000,page_view,111.222,,,\n"
            + "1704412900000000,purchase,111.222,T1,34.98,\n"
            + "1704585600000000,purchase,333.444,T2,12.50,\n"
            + "1705000000000000,refund,111.222,T1,,34.98\n");

        var (spec, loaded) = LoadedWithItsGuess(path);

        Assert.Equal("""{ "mapping": { "customer_id": "user_pseudo_id", "timestamp": "event_timestamp", "order_id": "ecommerce.transaction_id" }, "computed": { "amount": { "multiply": ["ecommerce.purchase_revenue"], "minus": ["ecommerce.refund_value"] } }, "include": { "event_name": ["purchase", "refund"] }, "blankValues": { "ecommerce.purchase_revenue": "zero" }, "dateFormats": ["unix-microseconds"] }""", spec);
        Assert.Equal([34.98, 12.50, -34.98], loaded.Transactions.Select(t => t.Amount));
        Assert.Equal(1L, loaded.Report.RowsExcluded);
    }

    /// <summary>
    /// A Segment-style track export writes a refund's value where it writes an order's: the suggestion includes the
    /// refund events and negates them.
    /// </summary>
    [Fact]
    public void ATrackExportsRefundEventsAreNegatedWhereTheyCarryTheirValueAsOrdersDo()
    {
        var path = _temp.File("track.csv", "event,userId,timestamp,order_id,value\n"
            + "Page Viewed,u1,2024-01-05,,\n"
            + "Order Completed,u1,2024-01-05,O1,40.00\n"
            + "Order Refunded,u1,2024-01-09,O1,15.00\n");

        var (spec, loaded) = LoadedWithItsGuess(path);

        Assert.Equal("""{ "mapping": { "customer_id": "userId", "amount": "value" }, "include": { "event": ["Order Completed", "Order Refunded"] }, "negate": { "event": ["Order Refunded"] } }""", spec);
        Assert.Equal([40.00, -15.00], loaded.Transactions.Select(t => t.Amount));
    }

    /// <summary>
    /// An application's own tables keep money in cents (money-rails' amount_cents, an API's amount_in_cents): the guess
    /// reads them as a hundredth in currency units, a unit's price in cents times the quantity, where it used to find no
    /// amount and count each row as a purchase worth 1.
    /// </summary>
    [Fact]
    public void AnAmountInCentsIsSuggestedAsAHundredthOfIt()
    {
        var orders = _temp.File("orders.csv", "customer_id,created_at,amount_cents\nc1,2024-01-05,1999\nc2,2024-01-06,4550\n");
        var lines = _temp.File("lines.csv", "user_id,created_at,order_id,quantity,price_cents\nu1,2024-01-05,O1,2,1999\nu1,2024-01-05,O1,1,500\n");

        var (orderSpec, ordersLoaded) = LoadedWithItsGuess(orders);
        var (lineSpec, linesLoaded) = LoadedWithItsGuess(lines);

        Assert.Equal("""{ "mapping": { "timestamp": "created_at" }, "computed": { "amount": { "multiply": ["amount_cents"], "factor": 0.01 } } }""", orderSpec);
        Assert.Equal("""{ "mapping": { "customer_id": "user_id", "timestamp": "created_at" }, "computed": { "amount": { "multiply": ["quantity", "price_cents"], "factor": 0.01 } }, "uniqueOrderIds": false }""", lineSpec);
        Assert.Equal([19.99, 45.50], ordersLoaded.Transactions.Select(t => t.Amount), (a, b) => Math.Abs(a - b) < 1e-9);
        Assert.Equal([39.98, 5.00], linesLoaded.Transactions.Select(t => t.Amount), (a, b) => Math.Abs(a - b) < 1e-9);
    }

    /// <summary>
    /// eBay's order report dates its sales Jan-05-24 with dollar amounts, and Wix's orders export names its buyer Contact
    /// email and its date Date created: each gets the spec that reads it.
    /// </summary>
    [Fact]
    public void MarketplaceAndSiteBuilderOrderExportsAreRead()
    {
        var ebay = _temp.File("ebay.csv", "Sales Record Number,Order Number,Buyer Username,Buyer Email,Quantity,Sold For,Total Price,Sale Date\n"
            + "1001,12-34567-89012,jdoe,j@x.com,1,$19.99,$23.99,Jan-05-24\n1002,12-34567-89013,asmith,a@x.com,2,$10.00,\"$1,020.00\",Jan-06-24\n");
        var wix = _temp.File("wix.csv", "Order number,Date created,Time,Contact email,Payment status,Total,Currency\n10001,Jan 5 2024,10:00,a@x.com,Paid,24.00,USD\n");

        var (ebaySpec, ebaySales) = LoadedWithItsGuess(ebay);
        var wixSpec = GuessedSpec(wix);
        var sales = ebaySales.Transactions;

        Assert.Equal("""{ "mapping": { "customer_id": "Buyer Email", "timestamp": "Sale Date", "amount": "Total Price", "order_id": "Order Number" }, "dateFormats": ["MMM-d-yy"], "numberStyle": "currency", "culture": "en-US" }""", ebaySpec);
        Assert.Equal([(new DateTime(2024, 1, 5), 23.99), (new DateTime(2024, 1, 6), 1020.00)], sales.Select(t => (t.Timestamp, t.Amount)));
        Assert.Equal("""{ "mapping": { "customer_id": "Contact email", "timestamp": "Date created", "amount": "Total", "order_id": "Order number" }, "dateFormats": ["MMM d yyyy"] }""", wixSpec);
    }

    /// <summary>
    /// Sellers of digital goods and courses name their buyer Purchase email or User email; Gumroad's Refunded? is a flag of
    /// 0 and 1, whose refunded sales the guess leaves out, where subtracting it from the price would take 1 off each.
    /// </summary>
    [Fact]
    public void DigitalGoodsSalesAreReadAndTheirRefundFlagLeavesRefundedSalesOut()
    {
        var gumroad = _temp.File("gumroad.csv", "Sale ID,Sale date,Item name,Purchase email,Price ($),Refunded?\nabc,2024-01-05 10:00:00,Ebook,a@x.com,19.00,0\nabd,2024-01-06 10:00:00,Ebook,b@x.com,29.00,1\n");
        var teachable = _temp.File("teachable.csv", "Purchased at,User email,Course,Final price\n2024-01-05 10:00:00,a@x.com,Course A,99.00\n");

        var (gumroadSpec, sales) = LoadedWithItsGuess(gumroad);
        var teachableSpec = GuessedSpec(teachable);

        Assert.Equal("""{ "mapping": { "customer_id": "Purchase email", "timestamp": "Sale date", "amount": "Price ($)" }, "exclude": { "Refunded?": ["1"] } }""", gumroadSpec);
        Assert.Equal([("a@x.com", 19.00)], sales.Transactions.Select(t => (t.CustomerId, t.Amount)));
        Assert.Equal(1L, sales.Report.RowsExcluded);
        Assert.Equal("""{ "mapping": { "customer_id": "User email", "timestamp": "Purchased at", "amount": "Final price" } }""", teachableSpec);
    }

    /// <summary>A CRM's deals export (HubSpot's): the company is the customer and the close date the purchase's.</summary>
    [Fact]
    public void AHubSpotDealsExportIsReadFromItsCompanyAndCloseDate()
    {
        var path = _temp.File("deals.csv", "Record ID,Deal Name,Pipeline,Deal Stage,Amount,Close Date,Create Date,Associated Company,Deal owner\n"
            + "100001,Deal 1,default,closedwon,2980.00,2024-03-05,2024-01-25,Acme,Jane\n");

        var error = Assert.Throws<DataLoadException>(() => new TransactionLoader().Load(path));

        Assert.Equal("""{ "mapping": { "customer_id": "Associated Company", "timestamp": "Close Date" } }""", SpecInMessage(error.Message));
    }

    /// <summary>Etsy's sold orders: the buyer's user id, and the order total after refunds rather than before them.</summary>
    [Fact]
    public void AnEtsyOrdersExportIsReadFromItsBuyerAndItsAdjustedTotal()
    {
        var path = _temp.File("etsy.csv", "Sale Date,Order ID,Buyer User ID,Full Name,Ship Zipcode,Order Value,Order Total,Status,Adjusted Order Total,Buyer\n"
            + "2024-01-05,3141592653,jane123,Jane Doe,62701,45.00,53.60,Completed,53.60,jane123\n");

        var error = Assert.Throws<DataLoadException>(() => new TransactionLoader().Load(path));

        Assert.Equal("""{ "mapping": { "customer_id": "Buyer User ID", "timestamp": "Sale Date", "amount": "Adjusted Order Total", "order_id": "Order ID", "postal_code": "Ship Zipcode" } }""", SpecInMessage(error.Message));
    }

    /// <summary>
    /// Amazon's order report: its item-price is the line's total, not one unit's, so the quantity × price the guess
    /// computes beside a quantity column comes with a note naming the mapping that reads it as the amount.
    /// </summary>
    [Fact]
    public void AnAmbiguousItemPriceBesideAQuantityIsQuestionedAndAmazonsOrderIdIsMapped()
    {
        var path = _temp.File("amazon.txt",
            "amazon-order-id\tpurchase-date\torder-status\tsku\tquantity\titem-price\tbuyer-email\n"
            + "114-1234567-1234567\t2024-01-02T10:11:12+00:00\tShipped\tW-1\t2\t39.98\tabc123@marketplace.amazon.com\n");

        var error = Assert.Throws<DataLoadException>(() => new TransactionLoader(new SourceSpec { Delimiter = "tab" }).Load(path));

        Assert.Equal("""{ "mapping": { "customer_id": "buyer-email", "timestamp": "purchase-date", "order_id": "amazon-order-id" }, "computed": { "amount": { "multiply": ["quantity", "item-price"] } }, "uniqueOrderIds": false }""", SpecInMessage(error.Message));
        Assert.EndsWith("""check that 'item-price' is one unit's price: where it is the line's total (Amazon's order reports write item-price so), map "amount": "item-price" instead of computing it""", error.Message, StringComparison.Ordinal);
    }

    /// <summary>
    /// Online Retail as the UCI repository serves it: 12/1/2010 8:26, month first. Its first twelve days cannot tell day
    /// from month, and the suggested spec read no date until a second message had named the format.
    /// </summary>
    [Fact]
    public void TheSuggestedSpecReadsTheFilesOwnDatesWhenARowTellsDayFromMonth()
    {
        var rows = new System.Text.StringBuilder("InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country\n");
        for (int day = 1; day <= 13; day++)
            for (int line = 0; line < 300; line++)
                rows.Append(System.Globalization.CultureInfo.InvariantCulture, $"{536365 + (day * 300) + (line / 3)},85123A,LANTERN,2,12/{day}/2010 {8 + (line % 10)}:26,2.55,{17850 + (line % 40)},United Kingdom\n");
        var path = _temp.File("online-retail.csv", rows.ToString());

        var error = Assert.Throws<DataLoadException>(() => new TransactionLoader().Load(path));
        var spec = SpecInMessage(error.Message);

        Assert.EndsWith(""" "uniqueOrderIds": false, "dateFormats": ["M/d/yyyy H:mm"] }""", spec, StringComparison.Ordinal);
        var set = new TransactionLoader(SourceSpec.Parse(spec, "suggested.json")).Load(path);
        Assert.Equal(13 * 300, set.Transactions.Count);
        Assert.Equal(new DateTime(2010, 12, 13, 17, 26, 0), set.Transactions.Max(t => t.Timestamp));
    }

    /// <summary>
    /// A German shop's export: semicolons, day-first dates with points, amounts with a decimal comma and a point between
    /// thousands. It took three messages (the delimiter and mapping, then the dates, then the culture) to load.
    /// </summary>
    [Fact]
    public void ASemicolonExportGetsItsDelimiterMappingDatesAndNumberFormatInOneSpec()
    {
        var path = _temp.File("umsatz.csv",
            "Kundennummer;Bestelldatum;Betrag\nK0001;03.01.2024;12,50\nK0002;13.01.2024;1.234,50\nK0001;02.02.2024;-3,99\n");

        var error = Assert.Throws<DataLoadException>(() => new TransactionLoader().Load(path));
        const string Start = "give a source spec with ";
        int from = error.Message.IndexOf(Start, StringComparison.Ordinal) + Start.Length;
        var spec = "{ " + error.Message[from..error.Message.IndexOf(" (check it", from, StringComparison.Ordinal)] + " }";

        Assert.Equal("""{ "delimiter": ";", "mapping": { "customer_id": "Kundennummer", "timestamp": "Bestelldatum", "amount": "Betrag" }, "dateFormats": ["d.M.yyyy"], "culture": "de-DE", "numberStyle": "currency" }""", spec);
        var set = new TransactionLoader(SourceSpec.Parse(spec, "suggested.json")).Load(path);
        Assert.Equal([12.50, 1234.50, -3.99], set.Transactions.Select(t => t.Amount));
        Assert.Equal([new DateTime(2024, 1, 3), new DateTime(2024, 1, 13), new DateTime(2024, 2, 2)], set.Transactions.Select(t => t.Timestamp));
    }

    [Fact]
    public void ACommaSeparatedExportWithQuotedDecimalCommasGetsItsDatesAndCultureBoth()
    {
        var path = _temp.File("orders.csv", "Customer ID,Order Date,Total\nc1,13.01.2024,\"12,50\"\nc2,02.02.2024,\"7,05\"\n");

        var error = Assert.Throws<DataLoadException>(() => new TransactionLoader().Load(path));
        var spec = SpecInMessage(error.Message);

        Assert.Equal("""{ "mapping": { "customer_id": "Customer ID", "timestamp": "Order Date", "amount": "Total" }, "dateFormats": ["d.M.yyyy"], "culture": "de-DE" }""", spec);
        Assert.Equal([12.50, 7.05], new TransactionLoader(SourceSpec.Parse(spec, "suggested.json")).Load(path).Transactions.Select(t => t.Amount));
    }

    /// <summary>
    /// A point-of-sale export (Square's) writes its amounts in the currency format: the suggested spec read none of them,
    /// and a second message named "numberStyle" and "culture".
    /// </summary>
    [Fact]
    public void AnExportOfCurrencyFormattedAmountsGetsTheCultureThatReadsThemInTheFirstSpec()
    {
        var path = _temp.File("square.csv",
            "Date,Time,Net Sales,Transaction ID,Customer ID\n2025-11-30,16:30:46,$49.36,TX1,C1\n2025-11-29,09:02:11,\"$1,204.00\",TX2,C2\n2025-11-29,09:05:00,-$5.00,TX2,C2\n");

        var error = Assert.Throws<DataLoadException>(() => new TransactionLoader().Load(path));
        var spec = SpecInMessage(error.Message);

        Assert.Equal("""{ "mapping": { "customer_id": "Customer ID", "timestamp": "Date", "amount": "Net Sales", "order_id": "Transaction ID" }, "numberStyle": "currency", "culture": "en-US" }""", spec);
        Assert.Equal([49.36, 1204.00, -5.00], new TransactionLoader(SourceSpec.Parse(spec, "suggested.json")).Load(path).Transactions.Select(t => t.Amount));
    }

    [Theory]
    [InlineData(new[] { "$49.36", "-$5.00", "($9.99)", "" }, "en-US")]
    [InlineData(new[] { "£12.00", "£1,250.00" }, "en-GB")]
    [InlineData(new[] { "R$ 1.234,50", "R$ 12,00" }, "pt-BR")]
    [InlineData(new[] { "49.36", "1,204.00" }, null)]
    [InlineData(new[] { "$49.36", "£12.00" }, null)]
    // Euros with a decimal point (an Irish or a Prestashop export): de-DE's currency style reads €24.50 as 2450.
    [InlineData(new[] { "€24.50", "€1,204.00" }, "en-IE")]
    [InlineData(new[] { "24,50 €", "1.204,00 €" }, "de-DE")]
    public void ACurrencyFormatIsReadByTheFirstCultureThatReadsEveryAmount(string[] texts, string? culture) =>
        Assert.Equal(culture, HeaderGuess.CurrencyCulture(texts));

    [Theory]
    [InlineData(new[] { "12,50", "3,9" }, true, false)]
    [InlineData(new[] { "12,50", "1.234,50" }, true, true)]
    [InlineData(new[] { "12,50", "12.50" }, false, false)]
    [InlineData(new[] { "1,234", "12" }, false, false)]
    [InlineData(new[] { "12.50", "1,234.50" }, false, false)]
    public void ADecimalCommaIsSeenOnlyWhereNoAmountWritesADecimalPoint(string[] texts, bool comma, bool grouped) =>
        Assert.Equal((comma, grouped), HeaderGuess.DecimalComma(texts));

    [Theory]
    [InlineData(new[] { "2010-12-01 08:26:00", "13/12/2010" }, null)]
    [InlineData(new[] { "12/1/2010", "1/12/2010" }, null)]
    [InlineData(new[] { "1/12/2010", "13/12/2010 8:26" }, null)]
    [InlineData(new[] { "", "1/12/2010", "25/12/2010" }, "d/M/yyyy")]
    [InlineData(new[] { "12/13/2010", "13/12/2010" }, null)]
    [InlineData(new[] { "01-MAR-23" }, "d-MMM-yy")]
    [InlineData(new[] { "2/8/16", "21/9/16" }, "d/M/yy")]
    [InlineData(new[] { "1700000000" }, "unix-seconds")]
    [InlineData(new[] { "45292", "45293.5" }, "days-since:1899-12-30")]
    [InlineData(new[] { "45292.", "45293" }, null)]
    [InlineData(new[] { "2023-08", "2023-09" }, "yyyy-MM")]
    [InlineData(new[] { "08/2023", "12/2023" }, "MM/yyyy")]
    [InlineData(new[] { "2023-08", "2023-13" }, null)]
    public void ADateFormatIsSuggestedOnlyWhenTheValuesTellIt(string[] texts, string? expected) =>
        Assert.Equal(expected, HeaderGuess.DateFormatOf(texts));

    [Fact]
    public void AFileOfMonthlyTotalsGetsTheSpecThatDatesEachMonth()
    {
        var path = _temp.File("monthly.csv", "customer_id,month,revenue\nc1,2023-08,300.05\nc1,2023-09,81.89\nc2,2023-09,12.00\n");

        var error = Assert.Throws<DataLoadException>(() => new TransactionLoader().Load(path));

        Assert.Contains("the header looks like a source spec with \"mapping\": { \"timestamp\": \"month\", \"amount\": \"revenue\" }, \"dateFormats\": [\"yyyy-MM\"]", error.Message);
    }

    [Fact]
    public void PurchaseEventsWithoutAmountsAreCountedAsOneEachAndTheMessageSaysWhatThatMeans()
    {
        // lifetimes' example data: a date and a bare id per purchase, no amount.
        var path = _temp.File("events.csv", "date,id\n2014-03-08 00:00:00,0\n2014-05-21 00:00:00,1\n2014-03-14 00:00:00,2\n2014-04-09 00:00:00,2\n2014-04-09 00:00:00,2\n");

        var error = Assert.Throws<DataLoadException>(() => new TransactionLoader().Load(path));
        var spec = SpecInMessage(error.Message);

        Assert.Equal("""{ "mapping": { "customer_id": "id", "timestamp": "date" }, "computed": { "amount": { "factor": 1 } } }""", spec);
        Assert.EndsWith("no column holds an amount, so with it each row is one purchase worth 1: values are then counts of purchases, and the spend models learn nothing",
            error.Message, StringComparison.Ordinal);
        var set = new TransactionLoader(SourceSpec.Parse(spec, "suggested.json")).Load(path);
        Assert.Equal(["0", "1", "2", "2", "2"], set.Transactions.Select(t => t.CustomerId));
        Assert.All(set.Transactions, t => Assert.Equal(1, t.Amount));
        // Two purchases on one day are two identical rows here, and one in five is no sign of an export held twice.
        Assert.Equal((1L, true), (set.Report.IdenticalRows, set.Report.ConstantAmounts));
        Assert.Null(set.Report.IdenticalRowsNote);
    }

    [Fact]
    public void AGermanSemicolonExportGetsItsDelimiterAndMappingInOneSpec()
    {
        var path = _temp.File("bestellungen.csv",
            "Kundennummer;Bestelldatum;Betrag;Bestellnummer\n10023;05.01.2024;49,90;A-1\n10023;17.02.2024;120,00;A-2\n10077;20.02.2024;15,50;A-3\n");

        var error = Assert.Throws<DataLoadException>(() => new TransactionLoader().Load(path));
        var spec = "{ " + error.Message[(error.Message.IndexOf("give a source spec with ", StringComparison.Ordinal) + 24)..error.Message.IndexOf(" (check it", StringComparison.Ordinal)] + " }";

        // The rows name their dates' format (17.02.2024 puts the day first) and their decimal comma too.
        Assert.Equal("""{ "delimiter": ";", "mapping": { "customer_id": "Kundennummer", "timestamp": "Bestelldatum", "amount": "Betrag", "order_id": "Bestellnummer" }, "dateFormats": ["d.M.yyyy"], "culture": "de-DE" }""", spec);
        var set = new TransactionLoader(SourceSpec.Parse(spec, "suggested.json")).Load(path);
        Assert.Equal([49.90, 120.00, 15.50], set.Transactions.Select(t => t.Amount));
        Assert.Equal(new DateTime(2024, 2, 17), set.Transactions[1].Timestamp);
    }

    [Theory]
    [InlineData("cliente,fecha,importe", "cliente", "fecha", "importe")]
    [InlineData("id_cliente,data_pedido,valor_total", "id_cliente", "data_pedido", "valor_total")]
    [InlineData("numero_client,date_commande,montant_ttc", "numero_client", "date_commande", "montant_ttc")]
    [InlineData("klantnummer,besteldatum,bedrag", "klantnummer", "besteldatum", "bedrag")]
    public void ExportsInOtherLanguagesAreMapped(string header, string customer, string date, string amount)
    {
        var path = _temp.File("export.csv", header + "\nc1,2024-01-05,10.5\n");

        var error = Assert.Throws<DataLoadException>(() => new TransactionLoader().Load(path));

        Assert.Equal($$"""{ "mapping": { "customer_id": "{{customer}}", "timestamp": "{{date}}", "amount": "{{amount}}" } }""", SpecInMessage(error.Message));
    }

    [Fact]
    public void APriceBesideAQuantityIsAUnitPriceMultipliedByIt()
    {
        var path = _temp.File("online-retail-ii.csv",
            "Invoice,StockCode,Description,Quantity,InvoiceDate,Price,Customer ID,Country\n" +
            "489434,85048,\"LIGHTS, GLASS BALL\",12,2009-12-01 07:45:00,6.95,13085.0,United Kingdom\n" +
            "489434,79323P,PINK CHERRY LIGHTS,12,2009-12-01 07:45:00,6.75,13085.0,United Kingdom\n");

        var error = Assert.Throws<DataLoadException>(() => new TransactionLoader().Load(path));
        var spec = SpecInMessage(error.Message);

        Assert.Equal("""{ "mapping": { "customer_id": "Customer ID", "timestamp": "InvoiceDate", "order_id": "Invoice" }, "computed": { "amount": { "multiply": ["Quantity", "Price"] } }, "uniqueOrderIds": false }""", spec);
        var set = new TransactionLoader(SourceSpec.Parse(spec, "suggested.json")).Load(path);
        Assert.Equal([83.40, 81.00], set.Transactions.Select(t => Math.Round(t.Amount, 2)));
    }

    [Fact]
    public void AMarketplaceExportMapsOnlyTheColumnsNotNamedAsTheContractDoes()
    {
        var path = _temp.File("orders.csv",
            "order_id,customer_id,order_status,order_purchase_timestamp,payment_value\n" +
            "o1,c1,delivered,2018-01-05 10:00:00,99.90\n");

        var error = Assert.Throws<DataLoadException>(() => new TransactionLoader().Load(path));

        Assert.Equal("""{ "mapping": { "timestamp": "order_purchase_timestamp", "amount": "payment_value" } }""", SpecInMessage(error.Message));
    }

    [Fact]
    public void AShopExportKeyedByEmailGetsTheEmailAsTheCustomer()
    {
        var path = _temp.File("orders_export.csv",
            "Name,Email,Financial Status,Total,Created at,Lineitem quantity,Lineitem price\n" +
            "#1001,ann@example.com,paid,53.55,2023-03-01 10:00:00,1,25.00\n");

        var error = Assert.Throws<DataLoadException>(() => new TransactionLoader().Load(path));

        Assert.Equal("""{ "mapping": { "customer_id": "Email", "timestamp": "Created at", "amount": "Total" } }""", SpecInMessage(error.Message));
    }

    [Fact]
    public void ANameWithAQualifierInBracketsIsReadByTheNameBeforeIt()
    {
        // Stripe's payments export: the time zone in the date's name, the currency in the amount's; a charge's refund beside it.
        var path = _temp.File("payments.csv",
            "id,Created (UTC),Amount (USD),Amount Refunded,Currency,Status,Customer ID,Customer Email\n" +
            "ch_1,2023-03-01 10:00:00,53.55,0,usd,Paid,cus_1,ann@example.com\n" +
            "ch_2,2023-03-02 10:00:00,20.00,7.50,usd,Paid,cus_1,ann@example.com\n");

        var error = Assert.Throws<DataLoadException>(() => new TransactionLoader().Load(path));
        var spec = SpecInMessage(error.Message);

        Assert.Equal("""{ "mapping": { "customer_id": "Customer ID", "timestamp": "Created (UTC)" }, "computed": { "amount": { "multiply": ["Amount (USD)"], "minus": ["Amount Refunded"] } } }""", spec);
        var set = new TransactionLoader(SourceSpec.Parse(spec, "suggested.json")).Load(path);
        Assert.Equal([("cus_1", 53.55), ("cus_1", 12.5)], set.Transactions.Select(t => (t.CustomerId, t.Amount)));
    }

    [Fact]
    public void ATransactionExportWithAbbreviatedNamesGetsItsDateAndAmount()
    {
        // A retail transactions table as it circulates: customer_id, trans_date, tran_amount.
        var path = _temp.File("retail.csv", "customer_id,trans_date,tran_amount\nCS5295,2013-02-11,35\nCS4768,2015-03-15,39\n");

        var error = Assert.Throws<DataLoadException>(() => new TransactionLoader().Load(path));
        var spec = SpecInMessage(error.Message);

        Assert.Equal("""{ "mapping": { "timestamp": "trans_date", "amount": "tran_amount" } }""", spec);
        Assert.Equal([35.0, 39.0], new TransactionLoader(SourceSpec.Parse(spec, "suggested.json")).Load(path).Transactions.Select(t => t.Amount));
    }

    [Fact]
    public void AnOrderIdBesideAProductColumnIsAFileOfOrderLines()
    {
        // Superstore: one row per product of an order, the order's id on each; without "uniqueOrderIds": false the
        // suggested spec rejected the order's second line as a duplicate order id.
        var path = _temp.File("superstore.csv",
            "Row ID,Order ID,Order Date,Ship Date,Customer ID,Customer Name,Product ID,Sales,Quantity\n" +
            "1,CA-2016-152156,2016-11-08,2016-11-11,CG-12520,Claire Gute,FUR-BO-10001798,261.96,2\n" +
            "2,CA-2016-152156,2016-11-08,2016-11-11,CG-12520,Claire Gute,FUR-CH-10000454,731.94,3\n");

        var error = Assert.Throws<DataLoadException>(() => new TransactionLoader().Load(path));
        var spec = SpecInMessage(error.Message);

        Assert.Equal("""{ "mapping": { "customer_id": "Customer ID", "timestamp": "Order Date", "amount": "Sales", "order_id": "Order ID" }, "uniqueOrderIds": false }""", spec);
        Assert.Equal([261.96, 731.94], new TransactionLoader(SourceSpec.Parse(spec, "suggested.json")).Load(path).Transactions.Select(t => t.Amount));
    }

    [Fact]
    public void ACustomerNameStandsForTheCustomerWhereNoIdIsGiven()
    {
        // A B2B sales export keyed by the customer's name, with line numbers within each order.
        var path = _temp.File("sales.csv",
            "ORDERNUMBER,QUANTITYORDERED,PRICEEACH,ORDERLINENUMBER,SALES,ORDERDATE,STATUS,PRODUCTCODE,CUSTOMERNAME\n" +
            "10107,30,95.7,2,2871,2003-02-24,Shipped,S10_1678,Land of Toys Inc.\n");

        var error = Assert.Throws<DataLoadException>(() => new TransactionLoader().Load(path));

        Assert.Equal("""{ "mapping": { "customer_id": "CUSTOMERNAME", "timestamp": "ORDERDATE", "amount": "SALES", "order_id": "ORDERNUMBER" }, "uniqueOrderIds": false }""", SpecInMessage(error.Message));
    }

    [Fact]
    public void ACustomersFileIsPointedAtItsOwnSpecOption()
    {
        var path = _temp.File("customers.csv", "customer_unique_id,customer_zip_code_prefix,customer_city\nu1,01310,sao paulo\n");

        var error = Assert.Throws<DataLoadException>(() => new CustomerLoader().Load(path));

        Assert.Equal("""{ "mapping": { "customer_id": "customer_unique_id", "postal_code": "customer_zip_code_prefix" } }""", SpecInMessage(error.Message));
        Assert.EndsWith("then give it with --customers-source: cvml validate --write-customers-source FILE writes it)", error.Message, StringComparison.Ordinal);
    }

    /// <summary>A bank's churn table names its flag Exited: the suggestion maps it as the churn label, and that spec reads it.</summary>
    [Fact]
    public void AChurnTablesFlagInItsOwnWordsIsSuggestedAsTheChurnLabel()
    {
        var path = _temp.File("bank.csv", "RowNumber,CustomerId,Age,Exited\n1,15634602,42,1\n2,15647311,41,0\n");

        var error = Assert.Throws<DataLoadException>(() => new CustomerLoader().Load(path));
        var spec = SpecInMessage(error.Message);
        File.WriteAllText(_temp.Combine("bank.json"), spec);

        Assert.Equal("""{ "mapping": { "customer_id": "CustomerId", "churned": "Exited" } }""", spec);
        var table = new CustomerLoader(SourceSpec.Load(_temp.Combine("bank.json"), FileKind.Customers)).Load(path);
        Assert.Equal([true, false], table.Customers.Select(c => c.Churned));
    }

    /// <summary>
    /// A telecom's churn table with a monthly charge and a tenure: the suggestion names them as the spec's recurring
    /// charge, so its bundle values customers; the spec it gives loads the file.
    /// </summary>
    [Fact]
    public void AChurnTablesMonthlyChargeAndTenureAreSuggestedAsItsRecurringCharge()
    {
        var path = _temp.File("telco.csv", "customerID,tenure,MonthlyCharges,Churn\n7590-VHVEG,1,29.85,No\n5575-GNVDE,34,56.95,Yes\n");

        var error = Assert.Throws<DataLoadException>(() => new CustomerLoader().Load(path));
        var spec = SpecInMessage(error.Message);
        File.WriteAllText(_temp.Combine("telco.json"), spec);

        Assert.Equal("""{ "mapping": { "customer_id": "customerID", "churned": "Churn" }, "recurring": { "charge": "MonthlyCharges", "tenure": "tenure", "period": "month" } }""", spec);
        var loaded = SourceSpec.Load(_temp.Combine("telco.json"), FileKind.Customers);
        Assert.Equal(new RecurringCharge("MonthlyCharges", "tenure", BillingPeriod.Month), loaded.Recurring);
        Assert.Equal([false, true], new CustomerLoader(loaded).Load(path).Customers.Select(c => c.Churned));
        // A subscription export without a tenure column: the signup dates count the periods.
        var export = _temp.File("export.csv", "customer_id,signup_date,churn_date,plan,mrr\nc1,2025-01-04,,pro,49\nc2,2024-11-20,2025-03-02,basic,19\n");
        var table = new CustomerLoader().Load(export);
        Assert.Equal("""A column looks like a charge per period, and the signup dates count the periods: a source spec with "recurring": { "charge": "mrr", "period": "month" } values its customers (their bundle's values are 0 without it)""", table.RecurringHint());
        // A charge a year beside a tenure in months would be read as a year's stay per month: no suggestion then.
        var yearly = Assert.Throws<DataLoadException>(() => new CustomerLoader().Load(_temp.File("yearly.csv", "customerID,tenure_months,annual_fee,Churn\nc1,3,120,No\n")));
        Assert.DoesNotContain("recurring", yearly.Message, StringComparison.Ordinal);
    }

    /// <summary>
    /// A subscription export (Chargebee's): the suggestion reads its cancellation date as the churn date, so a customer
    /// without one is still a customer; before, the spec it gave read no churn label at all and training stopped.
    /// </summary>
    [Fact]
    public void ASubscriptionExportsCancellationDateIsSuggestedAsItsChurnDate()
    {
        var path = _temp.File("subscriptions.csv",
            "Subscription Id,Customer Id,Status,Created At,Cancelled At,MRR\nsub_1,cust_1,cancelled,2022-09-01,2023-01-31,15.00\nsub_2,cust_2,active,2022-09-23,,19.00\n");

        var error = Assert.Throws<DataLoadException>(() => new CustomerLoader().Load(path));
        var spec = SpecInMessage(error.Message);
        File.WriteAllText(_temp.Combine("subscriptions.json"), spec);

        Assert.Equal("""{ "mapping": { "customer_id": "Customer Id", "signup_date": "Created At", "churn_date": "Cancelled At" }, "recurring": { "charge": "MRR", "period": "month" }, "oneRowPer": "subscription" }""", spec);
        var table = new CustomerLoader(SourceSpec.Load(_temp.Combine("subscriptions.json"), FileKind.Customers)).Load(path);
        Assert.Equal([new DateOnly(2023, 1, 31), null], table.Customers.Select(c => c.ChurnDate));
        Assert.True(table.ChurnDatesOnly);
        Assert.Equal((1, 0, 1), (table.Churned, table.NotChurned, table.Unlabeled));
    }

    /// <summary>
    /// Stripe's subscriptions export: Created (UTC) is the signup, and Ended At (UTC) the end, not the day the cancellation
    /// was asked for; its rows are subscriptions (id beside Customer ID), combined into one per customer.
    /// </summary>
    [Fact]
    public void AStripeSubscriptionsExportEndsOnItsEndedAtDate()
    {
        var path = _temp.File("subscriptions.csv",
            "id,Customer ID,Plan,Status,Created (UTC),Start (UTC),Current Period End (UTC),Canceled At (UTC),Cancel At Period End,Ended At (UTC)\n"
            + "sub_1,cus_1,pro,canceled,2024-01-03 10:00,2024-01-03 10:00,2024-06-03 10:00,2024-05-20 09:00,true,2024-06-03 10:00\n");

        var error = Assert.Throws<DataLoadException>(() => new CustomerLoader().Load(path));

        Assert.Equal("""{ "mapping": { "customer_id": "Customer ID", "signup_date": "Created (UTC)", "churn_date": "Ended At (UTC)" }, "oneRowPer": "subscription" }""", SpecInMessage(error.Message));
    }

    /// <summary>PayPal's activity download: the payer's address is From Email Address, the amount Gross, the order its Transaction ID.</summary>
    [Fact]
    public void APayPalActivityDownloadIsReadFromItsPayersAddress()
    {
        var path = _temp.File("paypal.csv", "\"Date\",\"Time\",\"TimeZone\",\"Name\",\"Type\",\"Status\",\"Currency\",\"Gross\",\"Fee\",\"Net\",\"From Email Address\",\"To Email Address\",\"Transaction ID\"\n"
            + "\"10/30/2025\",\"14:16:32\",\"PST\",\"Ann\",\"Express Checkout Payment\",\"Completed\",\"USD\",\"37.48\",\"-1.39\",\"36.09\",\"ann@mail.com\",\"shop@store.com\",\"TX1\"\n");

        var error = Assert.Throws<DataLoadException>(() => new TransactionLoader().Load(path));

        Assert.Equal("""{ "mapping": { "customer_id": "From Email Address", "timestamp": "Date", "amount": "Gross", "order_id": "Transaction ID" }, "dateFormats": ["M/d/yyyy"] }""", SpecInMessage(error.Message));
    }

    /// <summary>
    /// Chargebee's export qualifies each field by its object (subscription.created_at, customer.id) and bills quarterly
    /// plans as 3 of the unit month (billing_period beside billing_period_unit): the guess reads the fields by their own
    /// names, the unit as the interval and the period as its count; without the count, validate says what it would read.
    /// </summary>
    [Fact]
    public void AChargebeeExportIsReadByItsQualifiedFieldsWithTheBillingPeriodAsTheIntervalCount()
    {
        var path = _temp.File("chargebee.csv",
            "subscription.id,customer.id,subscription.plan_quantity,subscription.plan_unit_price,subscription.billing_period,subscription.billing_period_unit,subscription.created_at,subscription.cancelled_at\n"
            + "sub_1,cus_1,1,29.00,1,month,2024-01-03T10:00:00Z,\n"
            + "sub_2,cus_2,2,79.00,3,month,2024-02-03T10:00:00Z,2025-02-03T10:00:00Z\n"
            + "sub_3,cus_3,1,290.00,1,year,2024-03-03T10:00:00Z,\n");

        var error = Assert.Throws<DataLoadException>(() => new CustomerLoader().Load(path));
        var spec = SpecInMessage(error.Message);
        File.WriteAllText(_temp.Combine("chargebee.json"), spec);
        var loaded = SourceSpec.Load(_temp.Combine("chargebee.json"), FileKind.Customers);
        var table = new CustomerLoader(loaded).Load(path);

        Assert.Equal("""{ "mapping": { "customer_id": "customer.id", "signup_date": "subscription.created_at", "churn_date": "subscription.cancelled_at" }, "recurring": { "charge": "subscription.plan_unit_price", "quantity": "subscription.plan_quantity", "interval": "subscription.billing_period_unit", "intervalCount": "subscription.billing_period", "period": "month" }, "oneRowPer": "subscription" }""", spec);
        Assert.Equal(["cus_1", "cus_2", "cus_3"], table.Customers.Select(c => c.CustomerId));
        Assert.Null(loaded.Recurring!.UnreadIntervalCount(table));
        // Per month: 29 for one seat, 2 seats × 79 every 3 months, 290 a year.
        Assert.Equal([29, 2 * 79 / 3.0, 290 / 12.0], table.Customers.Select(c => loaded.Recurring.ChargeOf(c.Attributes)), (a, b) => Math.Abs(a - b) < 1e-9);
        // Without its unit column, the count is no interval: its numbers would have rejected every row as "not a billing interval".
        var noUnit = _temp.File("chargebee-no-unit.csv", "customer.id,subscription.plan_unit_price,subscription.billing_period,subscription.created_at\ncus_1,29.00,1,2024-01-03\ncus_2,79.00,3,2024-02-03\n");
        Assert.DoesNotContain("\"recurring\"", SpecInMessage(Assert.Throws<DataLoadException>(() => new CustomerLoader().Load(noUnit)).Message), StringComparison.Ordinal);
        Assert.Equal("""column 'subscription.billing_period' counts the intervals one charge pays for, and 1 customer's charge is for more than one (3 × 1), but every 'subscription.plan_unit_price' is read as a charge per one 'subscription.billing_period_unit', so a charge every 3 months counts as one month's; give the spec's "recurring" "intervalCount": "subscription.billing_period", which divides each charge by it""",
            (loaded.Recurring with { IntervalCount = null }).UnreadIntervalCount(table));
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-0.01")]
    public void ARecurringFactorNotAboveZeroIsRefused(string factor)
    {
        var path = _temp.File("bad-factor.json", $$"""{ "kind": "customers", "recurring": { "charge": "Amount", "factor": {{factor}} } }""");

        var error = Assert.ThrowsAny<Exception>(() => SourceSpec.Load(path, FileKind.Customers));

        Assert.Contains("recurring's \"factor\" multiplies every charge (0.01 for charges in cents): it must be a number above 0", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AnIntervalCountWithoutAnIntervalIsRefusedBySaying()
    {
        var path = _temp.File("bad.json", """{ "kind": "customers", "recurring": { "charge": "Amount", "intervalCount": "Interval Count" } }""");

        var error = Assert.ThrowsAny<Exception>(() => SourceSpec.Load(path, FileKind.Customers));

        Assert.Contains("recurring's \"intervalCount\" counts the intervals of the \"interval\" column: give \"interval\" too", error.Message, StringComparison.Ordinal);
    }

    /// <summary>
    /// Stripe's subscriptions export bills each row at its own interval, a quantity of seats at a plan's amount: the
    /// suggestion reads the charge per month from each row's interval, and the spec it gives loads the file; a value the
    /// interval column cannot be read as is rejected with its line and column.
    /// </summary>
    [Fact]
    public void AStripeExportsAmountIsSuggestedAsAChargeAtEachRowsInterval()
    {
        var path = _temp.File("subscriptions.csv",
            "id,Customer ID,Plan,Quantity,Interval,Amount,Status,Created (UTC),Ended At (UTC)\n"
            + "sub_1,cus_1,pro,1,month,49.00,active,2024-01-03 10:00,\n"
            + "sub_2,cus_2,team,3,year,490.00,canceled,2024-02-03 10:00,2025-02-03 10:00\n"
            + "sub_3,cus_3,pro,1,fortnight,49.00,active,2024-03-03 10:00,\n");

        var error = Assert.Throws<DataLoadException>(() => new CustomerLoader().Load(path));
        var spec = SpecInMessage(error.Message);
        File.WriteAllText(_temp.Combine("stripe.json"), spec);
        var loaded = SourceSpec.Load(_temp.Combine("stripe.json"), FileKind.Customers);
        var table = new CustomerLoader(loaded, new LoadOptions { OnBadRow = BadRowPolicy.Skip, QuarantinePath = _temp.Combine("q.csv") }).Load(path);

        Assert.Equal("""{ "mapping": { "customer_id": "Customer ID", "signup_date": "Created (UTC)", "churn_date": "Ended At (UTC)" }, "recurring": { "charge": "Amount", "quantity": "Quantity", "interval": "Interval", "period": "month" }, "oneRowPer": "subscription" }""", spec);
        Assert.Equal(RowUnit.Subscription, loaded.OneRowPer);
        Assert.Equal(new RecurringCharge("Amount", null, BillingPeriod.Month) { Quantity = "Quantity", Interval = "Interval" }, loaded.Recurring);
        Assert.Equal(["cus_1", "cus_2"], table.Customers.Select(c => c.CustomerId));
        Assert.Equal((4, "Interval", "'fortnight' is not a billing interval (the spec's \"recurring\" interval): " + RecurringCharge.PeriodWords),
            Assert.Single(table.Report.Errors) is var e ? (e.Line, e.Column, e.Reason) : default);
        Assert.Null(loaded.Recurring!.MixedIntervals(table));
        // Read without the interval, the yearly charge would count as a month's: named with the spec that reads it.
        Assert.Equal("""column 'Interval' names 2 billing intervals (month 1, year 1), and every 'Amount' is read as a charge per month, so a charge per year counts as a month's; give the spec's "recurring" "interval": "Interval", which reads each customer's charge per month from it""",
            new RecurringCharge("Amount").MixedIntervals(table));
        Assert.Contains("The columns look like a charge billed at each customer's own interval", new CustomerLoader(loaded with { Recurring = null }).Load(_temp.File("ok.csv", string.Join('\n', File.ReadLines(path).Take(3)) + "\n")).RecurringHint(), StringComparison.Ordinal);
    }

    /// <summary>
    /// A table read without a churn label is told which column holds one: a flag spelt in words gets the labelValues that
    /// read it, the value that names leaving as churned; without a likely name, the yes/no columns are listed.
    /// </summary>
    [Fact]
    public void ATableWithoutAChurnLabelIsToldWhichColumnLooksLikeOne()
    {
        var words = new CustomerLoader().Load(_temp.File("words.csv",
            "customer_id,Attrition_Flag,Age\nc1,Existing Customer,40\nc2,Attrited Customer,52\nc3,Existing Customer,33\n"));
        var flags = new CustomerLoader().Load(_temp.File("flags.csv", "customer_id,HasCard,Active,Age\nc1,1,0,40\nc2,0,1,52\n"));

        Assert.False(words.HasChurnLabels);
        Assert.Equal("""The column "Attrition_Flag" looks like it, with the values "Attrited Customer" and "Existing Customer": a source spec with "mapping": { "churned": "Attrition_Flag" }, "labelValues": { "Attrited Customer": true, "Existing Customer": false }""",
            words.ChurnLabelHint());
        Assert.StartsWith("""Columns holding yes/no values: "HasCard", "Active";""", flags.ChurnLabelHint(), StringComparison.Ordinal);
        Assert.Equal("", new CustomerLoader().Load(_temp.File("none.csv", "customer_id,Age\nc1,40\nc2,52\n")).ChurnLabelHint());
    }

    /// <summary>
    /// Paddle's subscriptions export names its customer_id as the contract does, so it loads without a spec and keeps its
    /// dates as attributes: the table is told the spec that reads its cancellation and creation dates, its charges at
    /// each row's billing cycle (the frequency its count) and its rows as subscriptions.
    /// </summary>
    [Fact]
    public void ASubscriptionsExportNamingItsCustomerIdIsToldToReadItsCancellationDates()
    {
        var table = new CustomerLoader().Load(_temp.File("paddle.csv",
            "subscription_id,customer_id,status,unit_price,quantity,billing_cycle_interval,billing_cycle_frequency,created_at,canceled_at\n"
            + "sub_01,ctm_01,active,29.00,1,month,1,2024-01-05T10:00:00Z,\nsub_02,ctm_02,canceled,79.00,1,month,3,2024-02-05T10:00:00Z,2024-08-05T10:00:00Z\n"));

        Assert.False(table.HasChurnLabels);
        Assert.Equal("The column \"canceled_at\" looks like the day a customer left (blank while they stay): a source spec with \"mapping\": { \"signup_date\": \"created_at\", \"churn_date\": \"canceled_at\" }, \"recurring\": { \"charge\": \"unit_price\", \"quantity\": \"quantity\", \"interval\": \"billing_cycle_interval\", \"intervalCount\": \"billing_cycle_frequency\", \"period\": \"month\" }, \"oneRowPer\": \"subscription\"",
            table.ChurnLabelHint());
    }

    /// <summary>
    /// A CRM export with day-first signup dates: the suggestion gets their format, and it loads as the spec that
    /// --customers-source names, which reads a spec without a "kind" as a customers spec (it was read as a transactions
    /// spec, and refused its own signup_date).
    /// </summary>
    [Fact]
    public void ACustomersFilesSuggestedSpecReadsItsSignupDatesAndLoadsWithoutAKind()
    {
        var path = _temp.File("crm.csv", "Customer ID,Signup Date,Postcode\nc1,05/01/2024,10115\nc2,17/02/2024,20095\n");

        var error = Assert.Throws<DataLoadException>(() => new CustomerLoader().Load(path));
        var spec = SpecInMessage(error.Message);
        File.WriteAllText(_temp.Combine("crm.json"), spec);

        Assert.Equal("""{ "mapping": { "customer_id": "Customer ID", "signup_date": "Signup Date", "postal_code": "Postcode" }, "dateFormats": ["d/M/yyyy"] }""", spec);
        Assert.Throws<SourceSpecException>(() => SourceSpec.Load(_temp.Combine("crm.json")));
        var table = new CustomerLoader(SourceSpec.Load(_temp.Combine("crm.json"), FileKind.Customers)).Load(path);
        Assert.Equal([new DateOnly(2024, 1, 5), new DateOnly(2024, 2, 17)], table.Customers.Select(c => c.SignupDate));
        // A spec that names its kind keeps it, whichever option named the spec.
        Assert.Equal(FileKind.Transactions, SourceSpec.Parse("""{ "kind": "transactions" }""", "t.json", impliedKind: FileKind.Customers).Kind);
    }

    /// <summary>
    /// A billing system's subscriptions export (Recurly's): the account's code is the customer, activation the signup, and
    /// the plan's amount in cents is read with a factor of 0.01, per its interval's length and unit.
    /// </summary>
    [Fact]
    public void ABillingAccountsCodeAndActivationAreTheCustomerAndTheSignupAndItsCentsAreCurrencyUnits()
    {
        var path = _temp.File("accounts.csv", "account_code,plan_code,quantity,unit_amount_in_cents,plan_interval_length,plan_interval_unit,state,activated_at,canceled_at\n"
            + "acc1,gold,1,2900,1,months,active,2024-01-03T10:00:00Z,\nacc2,goldq,2,7900,3,months,canceled,2024-02-03T10:00:00Z,2025-02-03T10:00:00Z\n");

        var error = Assert.Throws<DataLoadException>(() => new CustomerLoader().Load(path));
        var spec = SpecInMessage(error.Message);
        File.WriteAllText(_temp.Combine("recurly.json"), spec);
        var loaded = SourceSpec.Load(_temp.Combine("recurly.json"), FileKind.Customers);
        var table = new CustomerLoader(loaded).Load(path);

        Assert.Equal("""{ "mapping": { "customer_id": "account_code", "signup_date": "activated_at", "churn_date": "canceled_at" }, "recurring": { "charge": "unit_amount_in_cents", "factor": 0.01, "quantity": "quantity", "interval": "plan_interval_unit", "intervalCount": "plan_interval_length", "period": "month" } }""", spec);
        Assert.Equal([29, 2 * 79 / 3.0], table.Customers.Select(c => loaded.Recurring!.ChargeOf(c.Attributes)), (a, b) => Math.Abs(a - b) < 1e-9);
        Assert.Equal("'unit_amount_in_cents' × 0.01 × 'quantity', per 'plan_interval_length' × 'plan_interval_unit'", loaded.Recurring!.Description);
    }

    [Fact]
    public void WithoutALikelyColumnForEveryRequiredFieldNothingIsGuessed()
    {
        var path = _temp.File("events.csv", "visitor,event,page\nv1,view,/home\n");

        var error = Assert.Throws<DataLoadException>(() => new TransactionLoader().Load(path));

        Assert.DoesNotContain("looks like a source spec", error.Message, StringComparison.Ordinal);
        Assert.EndsWith("found 3 columns: visitor, event, page", error.Message, StringComparison.Ordinal);
    }
}
