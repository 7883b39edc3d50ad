//! `kpi payroll INPUT -o payroll.xlsx --formulas`: the payroll as a workbook that computes
//! (kpi_sheets::write_formula_xlsx). The command reads and converts; the workbook's rules and
//! refusals are kpi-sheets' and the core's.

use crate::cli::{Format, PayrollArgs};
use crate::output::{Failure, Output};
use crate::source;
use std::path::PathBuf;

/// The formula workbook of the run, or the refusal of a format other than xlsx.
pub fn run(args: &PayrollArgs, format: Format) -> Result<(Output, Option<PathBuf>), Failure> {
    if format != Format::Xlsx {
        return Err(Failure::Io(
            "--formulas writes a workbook: use -o FILE.xlsx (or --format xlsx); nothing was written"
                .into(),
        ));
    }
    source::refuse_output_over_inputs(&args.source, args.output.as_ref())?;
    let bytes = source::batch_bytes(&args.source)?;
    let read_options = source::read_options_of(&args.source);
    let policy = source::policy_of(&args.source, &bytes, &read_options)?;
    let options = source::options_of(&args.source, false, None);
    let file_name = args.source.input.to_string_lossy();
    let facts =
        kpi_sheets::read_facts(&bytes, &file_name, &policy, &read_options, &options.limits)?;
    if facts.agents.is_empty() {
        eprintln!("kpi: warning: the batch has no agents");
    }
    let workbook = kpi_sheets::write_formula_xlsx(&policy, &facts, &options)?;
    Ok((Output::Bytes(workbook), args.output.clone()))
}
