package io.rafflestars.backend.bot;

import io.rafflestars.backend.payment.PaymentFlow;
import io.rafflestars.backend.payment.Refunds;
import io.rafflestars.backend.platform.Transactions;
import io.rafflestars.backend.telegram.BotApiClient;
import io.rafflestars.backend.telegram.InboundUpdate;
import io.rafflestars.backend.telegram.TelegramUser;
import io.rafflestars.backend.telegram.UpdateHandler;

/**
 * Routes each stored webhook update to what handles it. Pre-checkout is answered right here, within the webhook
 * request, because Telegram gives us 10 seconds.
 */
public final class BotUpdates implements UpdateHandler {
    private static final System.Logger LOG = System.getLogger(BotUpdates.class.getName());

    private final Transactions tx;
    private final PaymentFlow payments;
    private final Refunds refunds;
    private final BotConversation conversation;
    private final BotApiClient api;

    public BotUpdates(
            Transactions tx, PaymentFlow payments, Refunds refunds, BotConversation conversation, BotApiClient api) {
        this.tx = tx;
        this.payments = payments;
        this.refunds = refunds;
        this.conversation = conversation;
        this.api = api;
    }

    @Override
    public void handle(InboundUpdate update) {
        switch (update) {
            case InboundUpdate.PreCheckout q -> {
                remember(q.from());
                switch (payments.preCheckout(q)) {
                    case PaymentFlow.PreCheckoutResult.Approved a -> api.answerPreCheckoutQuery(q.queryId(), true, null);
                    case PaymentFlow.PreCheckoutResult.Declined d -> api.answerPreCheckoutQuery(
                            q.queryId(), false, d.reason().message(Lang.of(q.from().languageCode())));
                }
            }
            case InboundUpdate.SuccessfulPayment p -> {
                remember(p.from());
                var result = payments.successfulPayment(p);
                LOG.log(System.Logger.Level.INFO, "Payment {0} from {1}: {2}", p.telegramPaymentChargeId(),
                        p.from().id(), result);
            }
            case InboundUpdate.RefundedPayment r -> refunds.onRefundedPayment(r);
            case InboundUpdate.TextMessage m -> {
                remember(m.from());
                conversation.onText(m);
            }
            case InboundUpdate.CallbackQuery c -> {
                remember(c.from());
                conversation.onCallback(c);
                api.answerCallbackQuery(c.callbackQueryId(), null, false);
            }
            case InboundUpdate.Ignored i -> {}
        }
    }

    private void remember(TelegramUser user) {
        tx.execute(t -> BotConversation.rememberPlayer(t, user));
    }
}
