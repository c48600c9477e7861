//! How the image is shipped: the CI pipeline flavour and the image reference (passed
//! in by the page, which owns its long-standing id).

use yew::prelude::*;

use super::{docs, surface};
use crate::editor::Field;
use crate::ui::fields::SelectField;

#[derive(Properties, PartialEq)]
pub struct DeliveryFormProps {
    /// The image field.
    #[prop_or_default]
    pub children: Html,
}

#[function_component]
pub fn DeliveryForm(props: &DeliveryFormProps) -> Html {
    surface(
        "delivery-heading",
        "Delivery",
        "",
        html! {
            <>
            <fieldset>
                <legend>{ "Pipeline and image" }</legend>
                <SelectField field={Field::Ci} id="delivery-ci" label="CI pipeline"
                    help="Which pipeline file the bundle holds: it vets, tests, builds, pushes and deploys."
                    doc={docs::CI_GITHUB} />
                { props.children.clone() }
            </fieldset>
            </>
        },
    )
}
