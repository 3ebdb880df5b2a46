// skip, and every form of fields(..): Display, Debug, an expression, an
// empty field, a bare parameter name, a constant name, a dotted name.
#[instrument(skip(password), fields(user = %name, ?role, len = name.len(), status = field::Empty, password, {KEY} = 1, http.method = "GET"))]
fn login(name: &str, role: Role, password: Secret) -> bool {
    check(name, password)
}
