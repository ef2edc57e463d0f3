using System.Globalization;
using System.Text.Json;

namespace CustomerValue.Core.Data;

/// <summary>
/// The source spec mapping that a header with other names most likely means: exports name the contract's columns in
/// their own words (<c>CustomerID</c>, <c>InvoiceDate</c>, <c>order_purchase_timestamp</c>, <c>payment_value</c>), and
/// a message that writes the mapping out saves the user looking up the spec's format.
/// </summary>
internal static class HeaderGuess
{
    /// <summary>Names (lower case, letters and digits only) that mean a contract field, most certain first.</summary>
    static readonly Dictionary<string, string[]> Synonyms = new(StringComparer.Ordinal)
    {
        [ContractFields.CustomerId] =
        [
            "customerid", "customer", "customerno", "customernumber", "customercode", "custid", "customeruniqueid", "clientid", "client",
            "userid", "user", "memberid", "accountid", "accountcode", "account", "buyerid", "shopperid", "contactid", "personid", "donorid", "subscriberid",
            // Shop exports (Shopify, WooCommerce, Stripe) key their customers by e-mail address.
            "customeremail", "email", "emailaddress", "billingemail", "contactemail",
            // Sellers of courses and digital goods (Gumroad's Purchase email, Teachable's User email).
            "purchaseemail", "purchaseremail", "useremail", "clientemail", "memberemail",
            // Payment ledgers (PayPal's activity download): the payer's address on money taken in.
            "fromemailaddress", "payeremail", "payeremailaddress", "buyeremail", "buyeremailaddress", "senderemail",
            // Marketplaces (Etsy's sold orders: Buyer User ID beside Buyer).
            "buyeruserid", "buyerusername", "buyer",
            // Analytics and event exports (Google Analytics 4, Segment, Mixpanel): the visitor's id.
            "userpseudoid", "visitorid", "fullvisitorid", "anonymousid", "distinctid",
            // A CRM's deals (HubSpot's Associated Company, Salesforce's Account Name is above).
            "associatedcompany", "associatedcompanyids", "associatedcompanyid", "companyid", "company", "companyname",
            // Grocery and loyalty panels (a household's key, a card's number); a name only where no id is given.
            "customerkey", "custno", "householdkey", "household", "cardid", "loyaltyid", "customername", "clientname", "accountname",
            // Exports in other languages: German, Spanish, Portuguese, French, Dutch, Italian.
            "kundennummer", "kundenid", "kundennr", "kunde", "idcliente", "clienteid", "codcliente", "codigocliente", "numerocliente",
            "cliente", "idclient", "codeclient", "numeroclient", "klantnummer", "klantid", "klant",
            // Last: a file of purchase events keyed by a bare "id" (lifetimes' example data: date, id).
            "id",
        ],
        [ContractFields.Timestamp] =
        [
            "timestamp", "date", "datetime", "orderdate", "invoicedate", "purchasedate", "transactiondate", "saledate", "paymentdate",
            "orderpurchasetimestamp", "createdat", "created", "orderedat", "purchasedat", "ordertime", "purchasetime", "transactiontime",
            "transactiontimestamp", "ordertimestamp", "transdate", "trandate", "transactiondt", "txndate", "txdate", "transactiondatetime",
            "orderdatetime", "invoicedatetime", "salesdate", "billingdate", "chargedate", "paidat", "datecreated", "createddate", "creationdate",
            "createdtime", "createdon", "purchasedon", "datepurchased", "dateordered", "orderplacedat", "paidon", "completedat", "time", "day",
            // A CRM's deals or opportunities: the day a deal closed.
            "closedate", "closeddate", "dateclosed",
            // Event exports: Google Analytics 4's event_timestamp (microseconds) before its event_date.
            "eventtimestamp", "eventtime", "eventdate",
            "bestelldatum", "rechnungsdatum", "kaufdatum", "belegdatum", "buchungsdatum", "datum", "fechapedido", "fechacompra",
            "fechafactura", "fecha", "datapedido", "datacompra", "datadacompra", "datadopedido", "datecommande", "dateachat",
            "datefacture", "besteldatum", "factuurdatum", "dataordine", "dataacquisto", "data",
            // Monthly totals: a month without a day (2023-08), read with a yyyy-MM format.
            "month", "yearmonth", "ordermonth", "salesmonth", "purchasemonth", "billingmonth", "invoicemonth", "period", "monat", "mes", "mois",
        ],
        [ContractFields.Amount] =
        [
            // A total after refunds (Etsy's Adjusted Order Total beside its Order Total) is what the buyer paid in the end.
            "adjustedordertotal",
            // Google Analytics 4's purchase events.
            "ecommercepurchaserevenue", "purchaserevenue", "ecommercepurchaserevenueinusd", "purchaserevenueinusd",
            "amount", "total", "revenue", "sales", "sale", "value", "ordertotal", "totalamount", "ordertotalamount", "ordervalue", "paymentvalue", "spend",
            "netamount", "grandtotal", "totalprice", "subtotal", "monetary", "price", "totalsales", "salesamount", "gross", "net",
            "tranamount", "transamount", "transactionamount", "txnamount", "orderamount", "paymentamount", "chargeamount", "amountpaid",
            "totalpaid", "finalprice", "pricepaid", "amountcharged", "totalcharged", "salesvalue", "linetotal", "itemtotal", "salesprice", "saleprice", "salestotal", "netsales", "grosssales",
            "purchaseamount", "purchasevalue", "purchasetotal", "invoiceamount", "invoicetotal", "billamount", "checkamount", "basketvalue",
            "betrag", "gesamtbetrag", "rechnungsbetrag", "umsatz", "summe", "bruttobetrag", "importe", "importetotal", "valor",
            "valortotal", "valordopedido", "montant", "montantttc", "montanttotal", "bedrag", "totaalbedrag", "omzet", "importo", "totale",
        ],
        [ContractFields.OrderId] =
        [
            "orderid", "order", "invoiceid", "invoice", "invoiceno", "invoicenumber", "ordernumber", "orderno", "transactionid", "receiptid", "amazonorderid", "ecommercetransactionid",
            "basketid", "ticketid", "receiptno", "receiptnumber", "transactionno", "salesorder", "salesorderid", "orderref",
            "bestellnummer", "bestellnr", "rechnungsnummer", "belegnummer", "auftragsnummer", "numeropedido", "idpedido", "pedido",
            "numerocommande", "commande", "numerofacture", "bestelnummer", "ordernummer", "factuurnummer", "numeroordine", "ordine",
        ],
        [ContractFields.Quantity] = ["quantity", "qty", "units", "items", "itemcount", "menge", "anzahl", "cantidad", "quantidade", "quantite", "aantal", "quantita"],
        // Stripe's subscriptions export: Created (UTC), Start (UTC).
        [ContractFields.SignupDate] = ["signupdate", "signup", "registrationdate", "registeredat", "joindate", "joined", "firstseen", "createdat", "accountcreated",
            "created", "createddate", "startedat", "startdate", "start", "subscribedat", "subscriptiondate", "activatedat", "activationdate"],
        // A contract table's churn flag: the Telco table's Churn, the bank tables' Exited and Attrition_Flag.
        [ContractFields.Churned] =
        [
            "churn", "exited", "attritionflag", "attrition", "attrited", "churnflag", "churnlabel", "churnstatus", "churnvalue",
            "ischurned", "haschurned", "ischurn", "churnyesno", "cancelled", "canceled", "iscancelled", "iscanceled", "lapsed",
            "left", "hasleft",
        ],
        // A subscription export's cancellation date (Chargebee's Cancelled At; Stripe's Ended At, the end of a subscription
        // whose Canceled At is the day the cancellation was asked for); a blank one is a customer still there. A scheduled
        // end (Cancel At, Current Period End) is not one.
        [ContractFields.ChurnDate] =
        [
            "churndate", "churnedat", "churnedon", "endedat", "cancelledat", "canceledat", "cancellationdate", "cancelationdate", "canceldate",
            "cancelleddate", "canceleddate", "cancelledon", "canceledon", "terminationdate", "terminatedat",
        ],
        [ContractFields.PostalCode] = ["postalcode", "zip", "zipcode", "postcode", "customerzipcodeprefix", "zipcodeprefix", "plz", "cep", "postleitzahl", "codigopostal", "codepostal", "pincode",
            "billingzip", "billingzipcode", "billingpostcode", "billingpostalcode", "shippingzip", "shippingzipcode", "shippingpostcode", "shippingpostalcode", "shipzip", "shipzipcode", "shippostcode", "shippostalcode",
            "defaultaddresszip", "addresszip", "addresszipcode", "addresspostcode", "customerzip", "customerpostcode"],
        // Shopify's customers export: "Accepts Email Marketing"; a CRM's opt-in flag.
        [ContractFields.Newsletter] = ["newsletter", "acceptsemailmarketing", "acceptsmarketing", "emailmarketing", "marketingoptin", "emailoptin", "optin", "optedin", "marketingconsent", "emailconsent", "subscribed",
            // Klaviyo's profiles export: SUBSCRIBED, UNSUBSCRIBED, NEVER_SUBSCRIBED.
            "emailmarketingconsent", "emailconsentstatus", "emailsubscriptionstatus", "emailoptinstatus"],
        [ContractFields.Channel] = ["channel", "acquisitionchannel", "saleschannel", "orderchannel", "source", "utmsource", "signupsource", "referralsource"],
        [ContractFields.Device] = ["device", "devicetype", "platform"],
    };

    /// <summary>
    /// The spec that reads <paramref name="names"/> as the contract, for the fields of <paramref name="kind"/> missing from
    /// them by their contract names; null when not every required one has a likely column.
    /// </summary>
    /// <param name="sample">The texts of a column (by index) in the first rows after the header, read only when asked for:
    /// the timestamp column's give the spec its <c>dateFormats</c> when they are not ISO.</param>
    public static SuggestedSpec? Suggest(FileKind kind, string[] names, Func<int, IReadOnlyList<string>>? sample = null) =>
        Suggestion(kind, names, sample) is { } suggestion ? new SuggestedSpec(kind, string.Join(", ", suggestion.Parts), suggestion.Note) : null;

    /// <summary><c>; the header looks like a source spec with …</c> for <paramref name="suggested"/>, or "" for none.</summary>
    public static string Hint(SuggestedSpec? suggested) =>
        suggested is null ? "" : $"; the header looks like a source spec with {suggested.Members} ({CheckAndWrite(suggested.Kind)}){suggested.Note}";

    /// <summary>
    /// The spec for a header that is split by another delimiter than the spec's: <c>"delimiter": ";"</c> and, when the
    /// names it then shows are an export's own words, their mapping too, so one message gives the whole spec; and the
    /// message's words for it (<c>give a source spec with …</c>).
    /// </summary>
    /// <param name="lines">The rows after the header as the file writes them, split here by <paramref name="delimiter"/> for
    /// the dates' format and the amounts' decimal comma.</param>
    public static (SuggestedSpec Spec, string Hint) Delimiter(FileKind kind, string headerText, char? delimiter, string delimiterJson, Func<IReadOnlyList<string>>? lines = null)
    {
        var names = delimiter is { } d ? headerText.Split(d).Select(n => n.Trim().Trim('"').Trim()).ToArray() : null;
        Func<int, IReadOnlyList<string>>? sample = delimiter is { } split && lines is not null
            ? column => [.. lines().Select(line => line.Split(split)).Where(fields => column < fields.Length).Select(fields => fields[column].Trim().Trim('"'))]
            : null;
        var members = $"\"delimiter\": \"{delimiterJson}\"";
        if (names is null || Suggestion(kind, names, sample) is not { } suggestion)
            return (new SuggestedSpec(kind, members, ""), $"give a source spec with {members}");
        var spec = new SuggestedSpec(kind, $"{members}, {string.Join(", ", suggestion.Parts)}", suggestion.Note);
        return (spec, $"give a source spec with {spec.Members} ({CheckAndWrite(kind)}){spec.Note}");
    }

    /// <summary><see cref="CheckAndGive"/>, and the command that writes the spec to a file.</summary>
    static string CheckAndWrite(FileKind kind) =>
        $"{CheckAndGive(kind)}: cvml validate --write-{(kind == FileKind.Transactions ? "source" : "customers-source")} FILE writes it";

    static string CheckAndGive(FileKind kind) => $"check it, then give it with --{(kind == FileKind.Transactions ? "source" : "customers-source")}";

    /// <summary>The spec's parts that read <paramref name="names"/> as the contract, and a note on them; null when none does.</summary>
    static (List<string> Parts, string Note)? Suggestion(FileKind kind, string[] names, Func<int, IReadOnlyList<string>>? sample = null)
    {
        // Columns already named as a contract field are read as that field.
        var fields = ContractFields.For(kind);
        var taken = Enumerable.Range(0, names.Length)
            .Where(i => fields.Any(f => string.Equals(names[i].Trim(), f, StringComparison.OrdinalIgnoreCase)))
            .ToHashSet();
        var mapping = new List<(string Field, string Column)>();
        (string Quantity, string Price)? computed = null;
        string? cents = null;
        bool eventsOnly = false;
        foreach (var field in fields)
        {
            if (names.Any(n => string.Equals(n.Trim(), field, StringComparison.OrdinalIgnoreCase)) || !Synonyms.TryGetValue(field, out var synonyms))
                continue;
            var index = Best(names, synonyms, taken);
            // A date column under a name of the export's own (H&M's t_dat, a shop's dt_venda): the column whose first values
            // all read as dates.
            if (index < 0 && field == ContractFields.Timestamp && sample is not null)
                index = DatedColumn(names, taken, sample);
            // Online Retail II names its unit price "Price": beside a quantity column a price is per unit, and the spec
            // that mapped it as the amount loaded every line at one unit's price.
            if (field == ContractFields.Amount && index >= 0 && UnitPrices.Contains(Normalized(names[index]))
                && LineAmount(names, taken) is { } lineOfPrice)
            {
                computed = lineOfPrice;
                continue;
            }
            if (index >= 0)
            {
                taken.Add(index);
                mapping.Add((field, names[index].Trim()));
            }
            else if (field == ContractFields.Amount && LineAmount(names, taken) is { } line)
            {
                computed = line;
            }
            else if (field == ContractFields.Amount && InCents(names, synonyms, taken) is { } inCents)
            {
                // An amount in cents (a Rails app's price_cents, an API export's amount_in_cents): in currency units, a hundredth.
                taken.Add(inCents);
                cents = names[inCents].Trim();
            }
            else if (field == ContractFields.Amount && kind == FileKind.Transactions)
            {
                // Purchase events without amounts (dates only): BTYD's own data is often so; each row then counts as 1.
                eventsOnly = true;
            }
            else if (ContractFields.RequiredFor(kind).Contains(field))
            {
                return null;
            }
        }
        // Ta-Feng's grocery lines name the units bought AMOUNT beside the money paid, SALES_PRICE: read by its name, the
        // amount column made every value a count of items.
        string? unitsNamedAmount = null;
        if (kind == FileKind.Transactions && sample is not null && computed is null && cents is null && !mapping.Any(m => m.Field == ContractFields.Amount)
            && Array.FindIndex(names, n => string.Equals(n.Trim(), ContractFields.Amount, StringComparison.OrdinalIgnoreCase)) is var named and >= 0
            && Best(names, Synonyms[ContractFields.Amount], taken) is var paid and >= 0 && UnitsBesideMoney(sample(named), sample(paid)))
        {
            unitsNamedAmount = names[named].Trim();
            taken.Add(paid);
            mapping.Add((ContractFields.Amount, names[paid].Trim()));
            if (!mapping.Any(m => m.Field == ContractFields.Quantity) && !names.Any(n => string.Equals(n.Trim(), ContractFields.Quantity, StringComparison.OrdinalIgnoreCase)))
                mapping.Add((ContractFields.Quantity, unitsNamedAmount));
        }
        if (mapping.Count == 0 && computed is null && cents is null && !eventsOnly)
            return null;
        // An order export that records refunds beside the total (WooCommerce's Order Refund Amount, Shopify's Refunded
        // Amount): mapped as it is, every refunded order would count at its full total.
        string? refunded = null, totalColumn = null;
        var amountMapped = mapping.FindIndex(m => m.Field == ContractFields.Amount);
        // A refund column of yes/no flags (Gumroad's Refunded? of 0 and 1) says which sales were refunded in full: those
        // rows are left out, where subtracting the flag would take 1 off each.
        string? refundFlags = null;
        if (kind == FileKind.Transactions && amountMapped >= 0 && sample is not null && Best(names, Refunds, taken) is var flagged and >= 0
            && RefundFlags(sample(flagged)) is { } truthy)
        {
            refundFlags = $"\"exclude\": {{ {Json(names[flagged].Trim())}: [{string.Join(", ", truthy.Select(Json))}] }}";
        }
        else if (kind == FileKind.Transactions && amountMapped >= 0 && Best(names, Refunds, taken) is var refund and >= 0)
        {
            totalColumn = mapping[amountMapped].Column;
            refunded = $"\"computed\": {{ \"amount\": {{ \"multiply\": [{Json(totalColumn)}], \"minus\": [{Json(names[refund].Trim())}] }} }}";
            mapping.RemoveAt(amountMapped);
        }
        var parts = new List<string>();
        if (mapping.Count > 0)
            parts.Add($"\"mapping\": {{ {string.Join(", ", mapping.Select(m => $"{Json(m.Field)}: {Json(m.Column)}"))} }}");
        if (refunded is not null)
            parts.Add(refunded);
        if (refundFlags is not null)
            parts.Add(refundFlags);
        if (computed is { } c)
            parts.Add($"\"computed\": {{ \"amount\": {{ \"multiply\": [{Json(c.Quantity)}, {Json(c.Price)}] }} }}");
        // A unit's price in cents beside a quantity is per unit, as a price in currency units is (LineAmount).
        if (cents is not null)
            parts.Add($"\"computed\": {{ \"amount\": {{ \"multiply\": [{(PerUnitCents(cents) && Best(names, Synonyms[ContractFields.Quantity], []) is var units and >= 0 ? Json(names[units].Trim()) + ", " : "")}{Json(cents)}], \"factor\": 0.01 }} }}");
        if (eventsOnly)
            parts.Add("\"computed\": { \"amount\": { \"factor\": 1 } }");
        // Quantity × unit price makes each row an order line, and an order of several lines repeats its id: without this
        // the suggested spec rejected every line after an order's first as a duplicate order id.
        // So does a column naming the product or the line (Superstore's Product ID, a sales export's ORDERLINENUMBER): the
        // order's id stands on each of its lines.
        if ((computed is not null || (cents is not null && PerUnitCents(cents)) || names.Any(n => LineColumns.Contains(Normalized(n))))
            && (mapping.Any(m => m.Field == ContractFields.OrderId)
                || names.Any(n => string.Equals(n.Trim(), ContractFields.OrderId, StringComparison.OrdinalIgnoreCase))))
            parts.Add("\"uniqueOrderIds\": false");
        // An event log (Google Analytics 4, Segment, Mixpanel, Klaviyo's metrics) holds every kind of event, of which only
        // the purchases are purchases: their rows alone, by the event column's purchase value in the first rows.
        // Refund events among them (GA4's refund) are returns: read with the refund's value where the log writes it in a
        // column of its own (ecommerce.refund_value, subtracted above, the purchase's value blank on those rows), or
        // negated where the refund's own row carries it as the purchase's does.
        if (kind == FileKind.Transactions && sample is not null && PurchaseEvents(names, taken, sample) is { } events)
        {
            parts.Add(events.Include);
            if (events.Refunds.Count > 0 && refunded is null)
                parts.Add($"\"negate\": {{ {Json(events.Column)}: [{string.Join(", ", events.Refunds.Select(Json))}] }}");
            else if (events.Refunds.Count > 0 && totalColumn is not null)
                parts.Add($"\"blankValues\": {{ {Json(totalColumn)}: \"zero\" }}");
        }
        // Online Retail writes 12/1/2010 8:26: the spec read its dates only once a second message had named their format.
        // A customers file's date is its signup date.
        var dateField = kind == FileKind.Transactions ? ContractFields.Timestamp : ContractFields.SignupDate;
        var dateColumn = mapping.FirstOrDefault(m => m.Field == dateField).Column ?? dateField;
        int dateIndex = Array.FindIndex(names, n => string.Equals(n.Trim(), dateColumn, StringComparison.OrdinalIgnoreCase));
        if (sample is not null && dateIndex >= 0 && DateFormatOf(sample(dateIndex)) is { } format)
            parts.Add($"\"dateFormats\": [{Json(format)}]");
        // A semicolon-separated export writes 1.234,50: the amounts read only with a culture whose decimal is a comma.
        var amountColumn = mapping.FirstOrDefault(m => m.Field == ContractFields.Amount).Column ?? totalColumn ?? computed?.Price ?? ContractFields.Amount;
        int amountIndex = Array.FindIndex(names, n => string.Equals(n.Trim(), amountColumn, StringComparison.OrdinalIgnoreCase));
        // A spreadsheet's currency format ($1,234.50, R$ 1.234,50, Square's and Stripe's exports): the culture whose currency
        // format reads every sampled amount, or the spec read none of them and a second message named it.
        var amountTexts = kind == FileKind.Transactions && sample is not null && amountIndex >= 0 ? sample(amountIndex) : [];
        if (CurrencyCulture(amountTexts) is { } currency)
            parts.Add($"\"numberStyle\": \"currency\", \"culture\": {Json(currency)}");
        else if (DecimalComma(amountTexts) is { Comma: true } amounts)
            parts.Add(amounts.Grouped ? "\"culture\": \"de-DE\", \"numberStyle\": \"currency\"" : "\"culture\": \"de-DE\"");
        // A churn table with a monthly charge and a tenure: with them its bundle values customers, not only their churn.
        var signupDates = mapping.Any(m => m.Field == ContractFields.SignupDate)
            || names.Any(n => string.Equals(n.Trim(), ContractFields.SignupDate, StringComparison.OrdinalIgnoreCase));
        if (kind == FileKind.Customers && Recurring(names, taken, signupDates, sample) is { } recurring)
            parts.Add(recurring);
        // A subscriptions export (Stripe's id beside Customer ID, Chargebee's subscription.id beside customer.id) repeats a
        // customer's id on each of their subscriptions: combined, each customer is one row.
        var subscriptionId = kind == FileKind.Customers && (mapping.Any(m => m.Field == ContractFields.CustomerId)
                || names.Any(n => string.Equals(n.Trim(), ContractFields.CustomerId, StringComparison.OrdinalIgnoreCase)))
            ? Array.FindIndex(names, n => SubscriptionIds.Contains(Normalized(n)))
            : -1;
        if (subscriptionId >= 0 && !taken.Contains(subscriptionId))
            parts.Add("\"oneRowPer\": \"subscription\"");
        // Amazon's order reports write item-price as the line's total (quantity × the unit's price): multiplied again by
        // the quantity, every line of two or more units would count that many times over.
        var note = eventsOnly ? "; no column holds an amount, so with it each row is one purchase worth 1: values are then counts of purchases, and the spend models learn nothing"
            : unitsNamedAmount is not null ? $"; '{unitsNamedAmount}' holds whole numbers of a few units beside '{mapping.First(m => m.Field == ContractFields.Amount).Column}', so it is read as the quantity and the other as the money paid: where '{unitsNamedAmount}' is the money, map \"amount\": {Json(unitsNamedAmount)}"
            : computed is { } perUnit && !PerUnitNames.Contains(Normalized(perUnit.Price)) ? $"; check that '{perUnit.Price}' is one unit's price: where it is the line's total (Amazon's order reports write item-price so), map \"amount\": {Json(perUnit.Price)} instead of computing it"
            : "";
        return (parts, note);
    }

    /// <summary>
    /// How a customers file read without a churn label most likely gives one: the spec's parts that read its churn flag
    /// (a column named like one, <c>Exited</c>, <c>Attrition_Flag</c>, with <c>labelValues</c> when its two values are
    /// not yes/no, true/false or 1/0), or else the columns whose values are all such; "" when the file has neither.
    /// </summary>
    internal static string ChurnLabelHint(CustomerTable table)
    {
        var columns = table.Schema.Attributes.Select(a => a.Name).ToArray();
        var values = columns.ToDictionary(c => c, _ => new HashSet<string>(StringComparer.OrdinalIgnoreCase), StringComparer.Ordinal);
        foreach (var customer in table.Customers)
        {
            foreach (var (name, value) in customer.Attributes)
            {
                // Three values are enough to tell that a column is no flag.
                if (values.TryGetValue(name, out var seen) && seen.Count < 3 && !string.IsNullOrWhiteSpace(value))
                    seen.Add(value.Trim());
            }
        }
        // A subscriptions export that names its customer_id as the contract does (Paddle's) keeps its
        // cancellation and creation dates as attributes: read as churn and signup dates, the blank ones are still there.
        if (Best(columns, Synonyms[ContractFields.ChurnDate], []) is var ended and >= 0
            && Suggestion(FileKind.Customers, [ContractFields.CustomerId, .. columns]) is { Parts.Count: > 0 } dated)
            return $"The column {Json(columns[ended])} looks like the day a customer left (blank while they stay): a source spec with {string.Join(", ", dated.Parts)}";
        var labels = new LabelParser(null);
        bool YesNo(string column) => values[column].Count == 2 && values[column].All(v => labels.TryParse(v, out _));
        int named = Best(columns, Synonyms[ContractFields.Churned], []);
        if (named >= 0 && values[columns[named]].Count == 2)
        {
            var column = columns[named];
            var mapping = $"\"mapping\": {{ {Json(ContractFields.Churned)}: {Json(column)} }}";
            if (YesNo(column))
                return $"The column {Json(column)} looks like it: a source spec with {mapping}";
            // Attrition_Flag: "Attrited Customer" / "Existing Customer". The value that names leaving is the churned one.
            var ordered = values[column].OrderBy(v => v, StringComparer.Ordinal).ToArray();
            var leaving = ordered.Where(v => LeavingWords.Any(w => v.Contains(w, StringComparison.OrdinalIgnoreCase))).ToArray();
            var churned = leaving.Length == 1 ? leaving[0] : ordered[0];
            return $"The column {Json(column)} looks like it, with the values {Json(ordered[0])} and {Json(ordered[1])}: a source spec with {mapping}, " +
                $"\"labelValues\": {{ {Json(churned)}: true, {Json(ordered.First(v => v != churned))}: false }}" +
                (leaving.Length == 1 ? "" : " (check which value means the customer left)");
        }
        var flags = columns.Where(YesNo).ToArray();
        return flags.Length == 0 ? ""
            : $"Columns holding yes/no values: {string.Join(", ", flags.Select(Json))}; if one says the customer left, a source spec with \"mapping\": {{ {Json(ContractFields.Churned)}: \"<that column>\" }}";
    }

    /// <summary>
    /// For a churn table read without <c>recurring</c>: the spec's part that values its customers, when two numeric
    /// attributes look like a charge per period and a tenure; "" otherwise.
    /// </summary>
    internal static string RecurringHint(CustomerTable table)
    {
        // The charge, tenure and quantity among the numeric attributes; a billing interval column holds words.
        var names = table.Schema.Attributes.Select(a => a.Name).ToArray();
        var words = Enumerable.Range(0, names.Length)
            .Where(i => table.Schema.Attributes[i].Type != AttributeType.Numeric && !BillingIntervals.Contains(Normalized(names[i])));
        return Recurring(names, [.. words], signupDates: table.Customers.Any(c => c.SignupDate is not null)) is { } recurring
            ? (recurring.Contains("\"interval\"", StringComparison.Ordinal)
                ? "The columns look like a charge billed at each customer's own interval"
                : recurring.Contains("\"tenure\"", StringComparison.Ordinal)
                ? "The columns look like a charge per period and a tenure"
                : "A column looks like a charge per period, and the signup dates count the periods")
              + $": a source spec with {recurring} values its customers (their bundle's values are 0 without it)"
            : "";
    }

    static readonly string[] LeavingWords = ["attrit", "churn", "exit", "left", "leav", "cancel", "lost", "lapse", "former", "closed", "inactive"];

    /// <summary>
    /// The one <c>dateFormats</c> entry that reads <paramref name="texts"/> (a column's first values) when the ISO default
    /// does not: a day-month-year order that some value tells (12/13/2010 puts the month first), a month-name form, or Unix
    /// times. Null when the values read as ISO, when none tells day from month, or when they disagree.
    /// </summary>
    internal static string? DateFormatOf(IReadOnlyList<string> texts)
    {
        var iso = new DateParser(null, System.Globalization.CultureInfo.InvariantCulture, dayResolution: false);
        string? decided = null, open = null;
        foreach (var raw in texts)
        {
            var text = raw.Trim();
            if (text.Length == 0)
                continue;
            if (iso.TryParse(text, out _))
                return null;
            if (DateParser.UnixSuggestion(text) is { } unix)
                return unix;
            if (DateParser.IsSpreadsheetSerial(text))
                return DateParser.SpreadsheetDays;
            if (DateParser.MonthNameFormat(text) is { } named)
                return named;
            if (DateParser.MonthOnlyFormat(text) is not null)
                return MonthOnlyFormatOf(texts);
            if (DateParser.SuggestFormat(text) is not { } suggestion)
                return null;
            if (suggestion.MonthFirst is null)
            {
                if (decided is not null && decided != suggestion.Format)
                    return null;
                decided = suggestion.Format;
            }
            else
            {
                open ??= suggestion.Format;
            }
        }
        // Values that cannot tell (all days 12 or lower) leave the order to the rows' own messages, which offer both.
        return decided is not null && (open is null || SameShape(open, decided)) ? decided : null;
    }

    /// <summary>
    /// Whether a column's first values look like units bought (whole numbers up to 1,000, half of them 3 or fewer) beside
    /// another's that look like the money paid for them: every value a number, and theirs at least three times as much in
    /// all. Whole amounts of money (an export in whole dollars: 30, 52, 120) are seldom 3 or less.
    /// </summary>
    static bool UnitsBesideMoney(IReadOnlyList<string> units, IReadOnlyList<string> money)
    {
        static double[]? Numbers(IReadOnlyList<string> texts)
        {
            var values = new List<double>();
            foreach (var text in texts.Select(t => t.Trim()).Where(t => t.Length > 0))
            {
                if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
                    return null;
                values.Add(value);
            }
            return values.Count > 0 ? [.. values] : null;
        }
        return Numbers(units) is { } counts && Numbers(money) is { } paid
            && counts.All(c => c == Math.Floor(c) && Math.Abs(c) <= 1000)
            && counts.Select(Math.Abs).Order().ElementAt(counts.Length / 2) <= 3
            && paid.Sum(Math.Abs) >= 3 * counts.Sum(Math.Abs);
    }

    /// <summary>
    /// The first column not <paramref name="taken"/> whose sampled values are all dates written with separators or month
    /// names (2018-09-20, 12/1/2010 8:26, 01-MAR-23); -1 when none is. Whole numbers are left out, though a Unix time or a
    /// spreadsheet's day number may be one: an id or a count reads as those too.
    /// </summary>
    static int DatedColumn(string[] names, HashSet<int> taken, Func<int, IReadOnlyList<string>> sample)
    {
        var iso = new DateParser(null, CultureInfo.InvariantCulture, dayResolution: false);
        bool Dated(string text) =>
            text.AsSpan().ContainsAnyExceptInRange('0', '9') && !double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out _)
            && (iso.TryParse(text, out _) || DateParser.SuggestFormat(text) is not null || DateParser.MonthNameFormat(text) is not null);
        for (int i = 0; i < names.Length; i++)
        {
            if (taken.Contains(i))
                continue;
            var texts = sample(i).Select(t => t.Trim()).Where(t => t.Length > 0).ToList();
            if (texts.Count > 0 && texts.All(Dated))
                return i;
        }
        return -1;
    }

    /// <summary>
    /// The month-only format (<see cref="DateParser.MonthOnlyFormat"/>) that reads every one of <paramref name="texts"/> that
    /// is not blank: theirs when they agree, the one-digit month's (<c>yyyy-M</c>) when they differ only in the month's
    /// digits; null when one is no month or they differ otherwise.
    /// </summary>
    static string? MonthOnlyFormatOf(IReadOnlyList<string> texts)
    {
        var formats = texts.Select(t => t.Trim()).Where(t => t.Length > 0).Select(t => DateParser.MonthOnlyFormat(t)).Distinct().ToList();
        if (formats.Any(f => f is null))
            return null;
        var loose = formats.Select(f => f!.Replace("MM", "M", StringComparison.Ordinal)).Distinct().ToList();
        return formats.Count == 1 ? formats[0] : loose.Count == 1 ? loose[0] : null;
    }

    /// <summary>
    /// Whether the amounts write a decimal comma (12,50 or 1.234,50) and none a decimal point: then de-DE reads them (as do
    /// pt-BR, es-ES, it-IT and nl-NL); and whether some group thousands with a point, which only the currency style reads.
    /// A comma with three digits after it (1,234) cannot tell, and counts for neither.
    /// </summary>
    internal static (bool Comma, bool Grouped) DecimalComma(IReadOnlyList<string> texts)
    {
        bool comma = false, grouped = false;
        foreach (var raw in texts)
        {
            var text = raw.Trim().TrimStart('-');
            int c = text.LastIndexOf(','), p = text.LastIndexOf('.');
            if (c > p && text.Length - c - 1 is 1 or 2)
                (comma, grouped) = (true, grouped || p >= 0);
            else if (p > c && text.Length - p - 1 is 1 or 2)
                return (false, false);
        }
        return (comma, comma && grouped);
    }

    /// <summary>Cultures whose currency format a guess or a row's message offers: the symbols exports carry most.</summary>
    internal static readonly CultureInfo[] CurrencyCultures = [.. new[] { "en-US", "en-GB", "de-DE", "fr-FR", "pt-BR", "ja-JP", "en-IN", "es-MX", "en-IE", "nl-NL" }
        .Select(CultureInfo.GetCultureInfo)];

    /// <summary>
    /// When some of <paramref name="texts"/> carry a currency symbol: the first of <see cref="CurrencyCultures"/> whose
    /// currency format reads every one that is not blank; null otherwise (plain numbers, or no culture reads them all).
    /// </summary>
    internal static string? CurrencyCulture(IReadOnlyList<string> texts)
    {
        var values = texts.Select(t => t.Trim()).Where(t => t.Length > 0).ToList();
        if (!values.Any(v => v.Any(c => char.GetUnicodeCategory(c) == UnicodeCategory.CurrencySymbol)))
            return null;
        return CurrencyCultures.FirstOrDefault(culture =>
            values.All(v => double.TryParse(v, NumberStyles.Currency, culture, out var number) && double.IsFinite(number) && DecimalAsWritten(v, culture)))?.Name;
    }

    /// <summary>
    /// Whether the culture's decimal separator is the one the text writes: a point or comma followed by one or two digits
    /// and no more (€24.50, 24,50 €) is the decimal separator, and a culture that groups thousands with it (de-DE reading
    /// €24.50) would read the amount 100 times too large, as .NET does not check where group separators stand. Three
    /// digits after it (1,234) cannot tell.
    /// </summary>
    internal static bool DecimalAsWritten(ReadOnlySpan<char> text, CultureInfo culture)
    {
        int last = text.LastIndexOfAny('.', ',');
        if (last < 0)
            return true;
        int digits = 0;
        while (last + 1 + digits < text.Length && char.IsAsciiDigit(text[last + 1 + digits]))
            digits++;
        return digits is not (1 or 2) || culture.NumberFormat.CurrencyDecimalSeparator.AsSpan().SequenceEqual(text.Slice(last, 1));
    }

    /// <summary>Whether two suggested formats differ only in the order of day and month (the same separators and clock).</summary>
    static bool SameShape(string a, string b) => a == b || a == DateParser.SwapDayAndMonth(b);

    /// <summary>An order-line file's amount: quantity × unit price, when it has one column of each (and no amount).</summary>
    static (string Quantity, string Price)? LineAmount(string[] names, HashSet<int> taken)
    {
        // A column named quantity is read as the quantity and can be multiplied too.
        int quantity = Best(names, Synonyms[ContractFields.Quantity], []);
        int price = Best(names, UnitPrices, taken);
        return quantity >= 0 && price >= 0 ? (names[quantity].Trim(), names[price].Trim()) : null;
    }

    /// <summary>Names of a column that only an order-line file has: the product or the line of a row.</summary>
    static readonly HashSet<string> LineColumns = new(StringComparer.Ordinal)
    {
        "productid", "productcode", "productname", "sku", "stockcode", "itemid", "itemcode", "articleid", "lineitem", "lineitemid",
        "orderlinenumber", "orderline", "linenumber", "lineno",
    };

    /// <summary>
    /// The spec's <c>recurring</c> part when the header has a charge per period (MonthlyCharges, monthly_fee, MRR) and a
    /// tenure (tenure, months_active) not taken by a contract field, or signup dates to count the periods from; null
    /// otherwise. The period is the charge's.
    /// </summary>
    /// <param name="sample">The first values of a column, when known: a column named like an interval that holds numbers
    /// is a count of intervals (Chargebee's billing_period without its unit column), not the interval.</param>
    static string? Recurring(string[] names, HashSet<int> taken, bool signupDates, Func<int, IReadOnlyList<string>>? sample = null)
    {
        // A subscriptions export that bills each row at its own interval (Stripe's Interval, Amount, Quantity): the
        // charge is read per month from each row's interval, and a plain "Amount" is the charge beside such a column.
        var numbers = new HashSet<int>(taken);
        var interval = Best(names, BillingIntervals, numbers);
        while (interval >= 0 && sample is not null && sample(interval) is { Count: > 0 } values
            && values.All(v => double.TryParse(v, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out _)))
        {
            numbers.Add(interval);
            interval = Best(names, BillingIntervals, numbers);
        }
        if (interval >= 0)
        {
            int amount = Best(names, [.. RecurringCharges, .. IntervalCharges], [.. taken, interval]);
            if (amount >= 0 && signupDates)
            {
                var quantity = Best(names, Quantities, [.. taken, interval, amount]);
                var count = Best(names, RecurringCharge.IntervalCountNames, [.. taken, interval, amount, quantity]);
                return $"\"recurring\": {{ \"charge\": {Json(names[amount].Trim())}, " + Cents(names[amount]) + (quantity < 0 ? "" : $"\"quantity\": {Json(names[quantity].Trim())}, ")
                    + $"\"interval\": {Json(names[interval].Trim())}, " + (count < 0 ? "" : $"\"intervalCount\": {Json(names[count].Trim())}, ") + "\"period\": \"month\" }";
            }
        }
        int charge = Best(names, RecurringCharges, taken), tenure = Best(names, Tenures, taken);
        if (charge < 0 || (tenure < 0 && !signupDates))
            return null;
        var normalized = Normalized(names[charge]);
        var period = normalized.StartsWith("weekly", StringComparison.Ordinal) ? "week"
            : normalized.StartsWith("annual", StringComparison.Ordinal) || normalized.StartsWith("yearly", StringComparison.Ordinal) ? "year"
            : "month";
        // Without a tenure column the periods are counted from the signup dates.
        if (tenure < 0)
            return $"\"recurring\": {{ \"charge\": {Json(names[charge].Trim())}, \"period\": {Json(period)} }}";
        // A tenure named in another unit than the charge's period would value customers with the wrong stay.
        var tenureName = Normalized(names[tenure]);
        if ((tenureName.Contains("month", StringComparison.Ordinal) && period != "month") || (tenureName.Contains("year", StringComparison.Ordinal) && period != "year"))
            return null;
        return $"\"recurring\": {{ \"charge\": {Json(names[charge].Trim())}, \"tenure\": {Json(names[tenure].Trim())}, \"period\": {Json(period)} }}";
    }

    static readonly string[] RecurringCharges = ["monthlycharges", "monthlycharge", "monthlyfee", "monthlyfees", "monthlyprice", "monthlypayment", "monthlybill", "monthlyamount", "mrr", "recurringcharge", "recurringrevenue", "subscriptionfee", "subscriptionprice", "planprice", "weeklyfee", "weeklycharge", "annualfee", "yearlyfee", "annualcharge"];

    /// <summary>
    /// A column naming each row's billing interval (month, year), as subscription exports write it; a unit's name first, as
    /// Chargebee's billing_period_unit and Recurly's plan_interval_unit stand beside the count of those units.
    /// </summary>
    static readonly string[] BillingIntervals = ["billingperiodunit", "intervalunit", "planintervalunit", "priceintervalunit", "recurringintervalunit", "billingintervalunit", "interval", "billinginterval", "planinterval", "priceinterval", "recurringinterval", "billingperiod", "billingcycle", "billingfrequency",
        // Paddle's billing_cycle_interval beside its billing_cycle_frequency (the count).
        "billingcycleinterval"];

    /// <summary>The charge beside a billing interval column, where the name says no period.</summary>
    static readonly string[] IntervalCharges = ["amount", "planamount", "priceamount", "unitamount", "price", "planprice", "planunitprice", "unitprice", "charge",
        "amountincents", "unitamountincents", "planamountincents", "unitpriceincents", "priceincents"];

    /// <summary>
    /// A column named as an amount in cents (<c>amount_cents</c>, <c>total_price_cents</c>, <c>amount_in_cents</c>): a
    /// name of <paramref name="amounts"/> or of a unit's price followed by "cents" or "in cents"; the best ranked, or null.
    /// </summary>
    static int? InCents(string[] names, string[] amounts, HashSet<int> taken)
    {
        int best = -1, rank = int.MaxValue;
        for (int i = 0; i < names.Length; i++)
        {
            var name = Normalized(names[i]);
            if (taken.Contains(i) || !name.EndsWith("cents", StringComparison.Ordinal))
                continue;
            var unit = Uncented(name);
            int at = Array.IndexOf(amounts, unit);
            if (at < 0 && (unit is "totalprice" or "amountpaid" or "grossamount" || PerUnitCents(names[i])))
                at = amounts.Length;
            if (at >= 0 && at < rank)
                (best, rank) = (i, at);
        }
        return best >= 0 ? best : null;
    }

    /// <summary>
    /// The values that say "refunded" when a column holds yes/no flags only (1, true, yes, y against 0, false, no, n, in any
    /// case), as they are written; null when it holds anything else (an amount) or no true value.
    /// </summary>
    static IReadOnlyList<string>? RefundFlags(IReadOnlyList<string> texts)
    {
        var values = texts.Select(t => t.Trim()).Where(t => t.Length > 0).Distinct(StringComparer.Ordinal).ToList();
        static bool Is(string value, params string[] words) => words.Contains(value, StringComparer.OrdinalIgnoreCase);
        if (values.Count == 0 || !values.All(v => Is(v, "1", "true", "yes", "y", "0", "false", "no", "n")))
            return null;
        var truthy = values.Where(v => Is(v, "1", "true", "yes", "y")).ToList();
        return truthy.Count > 0 ? truthy : null;
    }

    /// <summary>A name in cents without them: <c>price_in_cents</c> is <c>price</c>.</summary>
    static string Uncented(string normalized)
    {
        var unit = normalized.EndsWith("cents", StringComparison.Ordinal) ? normalized[..^"cents".Length] : normalized;
        return unit.EndsWith("in", StringComparison.Ordinal) ? unit[..^2] : unit;
    }

    /// <summary>Whether a column in cents is a unit's price (<c>price_cents</c>, <c>unit_price_cents</c>, <c>unit_amount</c>), multiplied by a quantity.</summary>
    static bool PerUnitCents(string column) => Uncented(Normalized(column)) is "price" or "unitprice" or "unitamount" or "itemprice";

    /// <summary>The spec's <c>"factor": 0.01, </c> for a charge whose name says it is in cents (Recurly's unit_amount_in_cents); empty otherwise.</summary>
    static string Cents(string name) => Normalized(name).EndsWith("cents", StringComparison.Ordinal) ? "\"factor\": 0.01, " : "";

    static readonly string[] Quantities = ["quantity", "planquantity", "seats", "qty", "units", "licenses", "licences"];

    static readonly string[] Tenures = ["tenure", "months", "tenuremonths", "tenureinmonths", "monthsactive", "monthsassubscriber", "monthsonbook", "subscriptionmonths", "tenureweeks", "tenureyears"];

    /// <summary>ISO codes of the currencies exports most often write into an amount's name.</summary>
    static readonly HashSet<string> CurrencyCodes = new(StringComparer.Ordinal)
    {
        "usd", "eur", "gbp", "brl", "jpy", "inr", "cad", "aud", "chf", "sek", "nok", "dkk", "pln", "mxn", "cny", "nzd", "zar", "sgd", "hkd", "czk",
    };

    /// <summary>A column of what was refunded of an order, by the names order exports give it.</summary>
    static readonly string[] Refunds = ["refundedamount", "orderrefundamount", "refundamount", "totalrefunded", "amountrefunded", "refunded", "refundtotal", "refunds", "refund", "refundvalue"];

    static readonly string[] EventColumns = ["eventname", "event", "eventtype", "eventaction", "metric", "metricname", "activitytype", "activity"];

    /// <summary>Event names (letters only, lower case) of a purchase.</summary>
    static readonly HashSet<string> PurchaseEventNames = new(StringComparer.Ordinal)
    {
        "purchase", "purchased", "order", "placedorder", "orderplaced", "ordercompleted", "completedorder", "checkoutcompleted",
        "completedpurchase", "transaction", "sale", "ecommercepurchase",
    };

    /// <summary>Event names (letters only, lower case) of a refund.</summary>
    static readonly HashSet<string> RefundEventNames = new(StringComparer.Ordinal)
    {
        "refund", "refunded", "orderrefunded", "refundcompleted", "refundprocessed", "refundissued", "ecommercerefund",
    };

    /// <summary>Whether an event's name is a refund's (<see cref="RefundEventNames"/>): <c>refund</c>, <c>Order Refunded</c>.</summary>
    internal static bool IsRefundEvent(ReadOnlySpan<char> value) => LetterWords.Contain(RefundEventNames, value);

    /// <summary>
    /// <c>"include": { "event_name": ["purchase"] }</c> when a column named like an event's name holds a purchase's name
    /// beside other events in the first rows, with the refund events among them (<see cref="RefundEventNames"/>) both
    /// included and named; null otherwise.
    /// </summary>
    static (string Include, string Column, IReadOnlyList<string> Refunds)? PurchaseEvents(string[] names, HashSet<int> taken, Func<int, IReadOnlyList<string>> sample)
    {
        var column = Best(names, EventColumns, taken);
        if (column < 0)
            return null;
        var values = sample(column).Select(v => v.Trim()).Where(v => v.Length > 0).Distinct(StringComparer.Ordinal).ToList();
        var purchases = values.Where(v => LetterWords.Contain(PurchaseEventNames, v)).ToList();
        var refunds = purchases.Count > 0 ? values.Where(v => IsRefundEvent(v)).ToList() : [];
        var name = names[column].Trim();
        return purchases.Count > 0 && purchases.Count + refunds.Count < values.Count
            ? ($"\"include\": {{ {Json(name)}: [{string.Join(", ", purchases.Concat(refunds).Select(Json))}] }}", name, refunds)
            : null;
    }

    /// <summary>The unit prices whose name says per unit: no note asks whether they are a line's total.</summary>
    static readonly HashSet<string> PerUnitNames = new(StringComparer.Ordinal) { "unitprice", "priceeach", "unitcost", "priceperunit", "einzelpreis", "stückpreis", "preciounitario", "precounitario", "prixunitaire" };

    static readonly string[] UnitPrices = ["unitprice", "priceeach", "itemprice", "unitcost", "priceperunit", "price", "einzelpreis", "stückpreis", "preciounitario", "precounitario", "prixunitaire", "prijs", "preis", "precio", "preco", "prix", "prezzo"];

    static string Json(string text) => JsonSerializer.Serialize(text);

    /// <summary>The column whose normalized name comes first in <paramref name="synonyms"/>, not already taken; -1 when none.</summary>
    static int Best(string[] names, string[] synonyms, HashSet<int> taken)
    {
        int best = -1, rank = int.MaxValue;
        for (int i = 0; i < names.Length; i++)
        {
            if (taken.Contains(i))
                continue;
            var name = Normalized(names[i]);
            int at = Array.IndexOf(synonyms, name);
            // A currency code written into the name, as exports of one currency do: amount_usd, Total EUR, gbp_revenue.
            if (at < 0 && name.Length > 3 && (CurrencyCodes.Contains(name[^3..]) || CurrencyCodes.Contains(name[..3])))
                at = Math.Max(Array.IndexOf(synonyms, name[..^3]), Array.IndexOf(synonyms, name[3..]));
            // A field qualified by its object, as billing exports name them (Chargebee's subscription.created_at,
            // customer.email): the field's own name, after any name that matches whole.
            if (at < 0 && names[i].LastIndexOf('.') is var dot and > 0 && Array.IndexOf(synonyms, Normalized(names[i][(dot + 1)..])) is var field and >= 0)
                at = synonyms.Length + field;
            if (at >= 0 && at < rank)
                (best, rank) = (i, at);
        }
        return best;
    }

    /// <summary>
    /// Names (letters and digits, lower case) of a subscription's own id in a subscriptions export, beside the customer's:
    /// Stripe's <c>id</c>, Chargebee's <c>subscription.id</c>, Recurly's <c>uuid</c>.
    /// </summary>
    static readonly HashSet<string> SubscriptionIds = new(StringComparer.Ordinal) { "id", "subscriptionid", "subscriptionuuid", "uuid", "subid" };

    /// <summary>
    /// Whether a column's name says it identifies something: a word of it is id, uuid, guid, key or number ("id",
    /// "Subscription Id", "subscription_id", "SubscriptionID"; not "Paid").
    /// </summary>
    internal static bool NamesAnId(string name) =>
        ColumnWords.Of(name).Any(w => w is "id" or "uuid" or "guid" or "key" or "number");

    /// <summary>
    /// Lower case, letters and digits only: <c>Customer ID</c>, <c>customer-id</c> and <c>CustomerID</c> read alike; a
    /// qualifier in brackets at the end is left out, as exports add a time zone, a currency or a source to a name
    /// (Stripe's <c>Created (UTC)</c>, <c>Amount (USD)</c>, WooCommerce's <c>Email (Billing)</c>).
    /// </summary>
    static string Normalized(string name)
    {
        var trimmed = name.Trim();
        int open = trimmed.Length > 0 && trimmed[^1] is ')' or ']' ? trimmed.LastIndexOfAny(['(', '[']) : -1;
        if (open > 0)
            trimmed = trimmed[..open];
        return string.Concat(trimmed.Where(char.IsLetterOrDigit)).ToLowerInvariant();
    }
}
