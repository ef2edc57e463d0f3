return await CustomerValue.Training.CvmlCommand.Create().Parse(args).InvokeAsync();
