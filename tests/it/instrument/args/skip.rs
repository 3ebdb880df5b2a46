//! `skip(..)`, `skip(self)` and `skip_all` leave parameters out.

use instrument_runtime::instrument;
use instrument_tests::{record, record_async};

#[derive(Debug)]
struct Secret(&'static str);

#[derive(Debug)]
struct Service {
    id: u32,
}

impl Service {
    #[instrument(skip(self))]
    fn skip_receiver(&self, req: u32) -> u32 {
        self.id + req
    }

    #[instrument]
    fn keep_receiver(&self, req: u32) -> u32 {
        self.id + req
    }

    #[instrument(skip(self))]
    async fn async_skip_receiver(&self, req: u32) -> u32 {
        self.id + req
    }
}

#[instrument(skip(password, r#type))]
fn skip_some(user: &str, password: Secret, r#type: u8) {
    assert!(!password.0.is_empty() && r#type > 0);
}

#[instrument(skip_all)]
fn skip_everything(user: &str, password: Secret) {
    assert!(!user.is_empty() && !password.0.is_empty());
}

// The skipped parameters are used in the bodies: one that is skipped and
// used nowhere is reported as unused, as with `tracing` and in a plain
// `async fn` (`ui/fail/skipped_unused_parameter_async.rs`).
#[instrument(skip(password))]
async fn async_skip_some(user: &str, password: Secret) {
    assert!(!password.0.is_empty());
}

#[instrument(skip_all, fields(extra = 1_u8))]
async fn async_skip_all(user: &str, password: Secret) {
    assert!(!user.is_empty() && !password.0.is_empty());
}

#[test]
fn skip_and_skip_all_leave_parameters_out() {
    let service = Service { id: 1 };
    let ((), rec) = record(|| {
        skip_some("ann", Secret("pw"), 3);
        skip_everything("bob", Secret("pw"));
        assert_eq!(service.skip_receiver(1), 2);
        assert_eq!(service.keep_receiver(2), 3);
    });
    assert_eq!(rec.span_named("skip_some").declared, ["user"]);
    assert_eq!(rec.span_named("skip_some").fields["user"], "ann");
    assert!(rec.span_named("skip_everything").declared.is_empty());
    assert_eq!(rec.span_named("skip_receiver").declared, ["req"]);
    let kept = rec.span_named("keep_receiver");
    assert_eq!(kept.declared, ["self", "req"]);
    assert_eq!(kept.fields["self"], "Service { id: 1 }");

    let ((), rec) = record_async(|| async {
        async_skip_some("cid", Secret("pw")).await;
        async_skip_all("dan", Secret("pw")).await;
        assert_eq!(service.async_skip_receiver(5).await, 6);
    });
    assert_eq!(rec.span_named("async_skip_some").declared, ["user"]);
    assert_eq!(rec.span_named("async_skip_all").declared, ["extra"]);
    assert_eq!(rec.span_named("async_skip_receiver").declared, ["req"]);
    assert_eq!(rec.span_named("async_skip_receiver").fields["req"], "5");
}
