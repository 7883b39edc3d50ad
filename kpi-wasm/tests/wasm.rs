//! The exports with real JS values, in node (wasm-bindgen-test-runner): what host tests
//! cannot reach — JS numbers, BigInt, `toJSON`, cycles, and the shape of thrown errors.
#![cfg(target_arch = "wasm32")]
// clippy does not see #[wasm_bindgen_test] functions as tests: allow what clippy.toml allows tests.
#![allow(clippy::unwrap_used, clippy::indexing_slicing)]

use js_sys::{Array, Object, Reflect};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::wasm_bindgen_test;

fn set(target: &JsValue, key: &str, value: impl Into<JsValue>) {
    Reflect::set(target, &key.into(), &value.into()).unwrap();
}

fn agent(base_salary: JsValue) -> JsValue {
    let agent: JsValue = Object::new().into();
    set(&agent, "id", "A01");
    set(&agent, "base_salary", base_salary);
    let batch: JsValue = Object::new().into();
    set(&batch, "month", "2012-03");
    set(&batch, "agents", Array::of1(&agent));
    batch
}

fn problems(error: &JsValue) -> Vec<(String, String, String)> {
    let list: Array = Reflect::get(error, &"errors".into())
        .unwrap()
        .unchecked_into();
    list.iter()
        .map(|p| {
            let get = |k: &str| {
                Reflect::get(&p, &k.into())
                    .unwrap()
                    .as_string()
                    .unwrap_or_default()
            };
            (get("code"), get("field"), get("value"))
        })
        .collect()
}

#[wasm_bindgen_test]
fn js_numbers_and_bigints_are_read_by_their_decimal_text() {
    let json = kpi_wasm::batch_json(agent(JsValue::from_f64(1000.22))).unwrap();
    assert!(json.contains(r#""base_salary":1000.22"#), "{json}");
    let big = js_sys::BigInt::from(123_456_789_012_u64);
    let json = kpi_wasm::batch_json(agent(big.into())).unwrap();
    assert!(json.contains(r#""base_salary":123456789012"#), "{json}");
}

#[wasm_bindgen_test]
fn objects_with_to_json_are_read_through_it() {
    let decimal: JsValue = Object::new().into();
    let to_json = js_sys::Function::new_no_args("return '2000.50'");
    set(&decimal, "toJSON", to_json);
    let json = kpi_wasm::batch_json(agent(decimal)).unwrap();
    assert!(json.contains(r#""base_salary":"2000.50""#), "{json}");
}

#[wasm_bindgen_test]
fn nan_is_refused_where_it_stands() {
    let error = kpi_wasm::batch_json(agent(JsValue::from_f64(f64::NAN))).unwrap_err();
    assert!(error.is_instance_of::<js_sys::Error>());
    assert_eq!(Reflect::get(&error, &"name".into()).unwrap(), "KpiError");
    assert_eq!(Reflect::get(&error, &"stage".into()).unwrap(), "batch");
    let want = (
        "invalid_value".to_string(),
        "base_salary".to_string(),
        "NaN".to_string(),
    );
    assert_eq!(problems(&error), vec![want]);
}

#[wasm_bindgen_test]
fn a_cycle_is_a_problem_not_a_stack_overflow() {
    // The reader follows a batch's shape and no further: an object in a value is `{}`.
    let batch = agent(JsValue::from_str("1"));
    set(&batch, "self", batch.clone());
    let agents: Array = Reflect::get(&batch, &"agents".into())
        .unwrap()
        .unchecked_into();
    set(&agents.get(0), "self", batch.clone());
    let error = kpi_wasm::payroll_value(batch, JsValue::UNDEFINED).unwrap_err();
    let want = (
        "unknown_field".to_string(),
        "self".to_string(),
        "{…}".to_string(),
    );
    assert_eq!(problems(&error), vec![want]);
}

#[wasm_bindgen_test]
fn unknown_options_are_refused() {
    let options: JsValue = Object::new().into();
    set(&options, "tie", "dense");
    let json = kpi_wasm::batch_json(agent("2000".into())).unwrap();
    let error = kpi_wasm::payroll_json(json.into(), JsValue::UNDEFINED, options).unwrap_err();
    assert_eq!(problems(&error)[0].0, "invalid_option");
}
