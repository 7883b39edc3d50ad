//! The `kpi` command: a month's payroll from a batch file or a spreadsheet, printed as JSON,
//! a table, CSV, a workbook or printable pay slips. It opens files and prints; every rule
//! lives in kpi-core and every sheet is read and written by kpi-sheets.

mod atomic;
mod cli;
mod compare_cmd;
mod compare_out;
mod explain;
mod formulas_cmd;
mod lint_cmd;
mod output;
mod overwrite;
mod policy_cmd;
mod progress;
mod source;
mod table;

use clap::Parser;
use cli::{Cli, Command, Format, TemplateFormat};
use output::{Failure, Output};
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = Cli::parse();
    let outcome = match cli.command {
        Command::Payroll(args) => payroll(&args),
        Command::Template(args) => template(&args),
        Command::Explain(args) => explain::run(&args),
        Command::Validate(args) => policy_cmd::validate(&args.policy),
        Command::Policy(cli::PolicyCommand::Show { format }) => policy_cmd::show(format),
        Command::Policy(cli::PolicyCommand::Schema { batch, policy }) => {
            policy_cmd::schema(batch, policy.as_ref())
        }
        Command::Compare(args) => compare_cmd::compare(&args),
        Command::Diff(args) => compare_cmd::diff(&args),
        Command::Lint(args) => return lint_cmd::run(&args),
    };
    output::finish(outcome)
}

fn payroll(args: &cli::PayrollArgs) -> Result<(Output, Option<std::path::PathBuf>), Failure> {
    let format = match (args.format, cli::extension(args.output.as_ref()).as_deref()) {
        (Some(format), _) => format,
        (None, Some("csv")) => Format::Csv,
        (None, Some("xlsx")) => Format::Xlsx,
        (None, Some("html" | "htm")) => Format::Html,
        (None, Some("txt")) => Format::Table,
        (None, Some("json") | None) => Format::Json,
        (None, Some(_)) => {
            return Err(cli::unknown_extension(
                args.output.as_ref(),
                ".json, .csv, .xlsx, .html or .htm, .txt for the table",
            ))
        }
    };
    if args.formulas {
        return formulas_cmd::run(args, format);
    }
    if args.compact && format != Format::Json {
        return Err(Failure::Io(
            "--compact writes the JSON document without indentation: use --format json (or -o \
             FILE.json); nothing was written"
                .into(),
        ));
    }
    source::refuse_output_over_inputs(&args.source, args.output.as_ref())?;
    let explain = !args.no_explain && matches!(format, Format::Json | Format::Xlsx | Format::Html);
    // Slips show both languages whatever the choice; explanation lines get what was asked.
    let lang = args.lang.filter(|_| format != Format::Html);
    let source::Run {
        policy,
        payroll,
        progress,
    } = source::run(&args.source, explain, lang)?;
    progress.say("writing");
    let out = match format {
        Format::Json => Output::Text(payroll.to_json(args.compact)?),
        Format::Table => Output::Text(table::render(&policy, payroll.payroll()?)),
        Format::Csv => {
            // Streamed as it is written, row by row from the columns' numbers: a million
            // rows are never held as one output, nor as typed results.
            let write = move |out: &mut dyn std::io::Write| {
                let rows = payroll.rows().map_err(std::io::Error::other)?;
                kpi_sheets::write_csv_rows_to(&rows, out)?;
                progress.done();
                // The process ends next: freeing a million results one by one costs about a
                // second and gives back nothing the system does not take back at exit.
                std::mem::forget(payroll);
                Ok(())
            };
            return Ok((Output::Stream(Box::new(write)), args.output.clone()));
        }
        Format::Xlsx => Output::Bytes(kpi_sheets::write_xlsx(payroll.payroll()?, &policy)?),
        Format::Html => Output::Html(kpi_sheets::write_html(
            payroll.payroll()?,
            &policy,
            cli::slips_lang(args.lang),
        )?),
    };
    progress.done();
    Ok((out, args.output.clone()))
}

fn template(args: &cli::TemplateArgs) -> Result<(Output, Option<std::path::PathBuf>), Failure> {
    let format = match (args.format, cli::extension(args.output.as_ref()).as_deref()) {
        (Some(format), _) => format,
        (None, Some("xlsx")) => TemplateFormat::Xlsx,
        (None, Some("csv") | None) => TemplateFormat::Csv,
        (None, Some(_)) => return Err(cli::unknown_extension(args.output.as_ref(), ".csv, .xlsx")),
    };
    if let Some(policy) = &args.policy {
        overwrite::refuse_clash(
            args.output.as_ref(),
            &[overwrite::Input {
                role: "the policy",
                path: policy,
            }],
        )?;
    }
    let policy = source::load_policy(args.policy.as_ref())?;
    let sheet_format = match format {
        TemplateFormat::Csv => kpi_sheets::SheetFormat::Csv,
        TemplateFormat::Xlsx => kpi_sheets::SheetFormat::Xlsx,
    };
    let bytes = kpi_sheets::template(&policy, sheet_format, args.lang.sheets())?;
    Ok((Output::Bytes(bytes), args.output.clone()))
}
