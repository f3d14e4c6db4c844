package io.rafflestars.backend.bot;

import io.rafflestars.backend.payment.PaymentFlow;
import io.rafflestars.backend.payment.Refunds;
import io.rafflestars.backend.platform.Transactions;
import io.rafflestars.backend.telegram.BotApiClient;
import io.rafflestars.backend.telegram.BotApiException;
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
                    case PaymentFlow.PreCheckoutResult.Approved a -> answer(q, true, null);
                    case PaymentFlow.PreCheckoutResult.Declined d ->
                        answer(q, false, d.reason().message(Lang.of(q.from().languageCode())));
                }
            }
            case InboundUpdate.SuccessfulPayment p -> {
                remember(p.from());
                var result = payments.successfulPayment(p);
                LOG.log(
                        System.Logger.Level.INFO,
                        "Payment {0} from {1,number,#}: {2}",
                        p.telegramPaymentChargeId(),
                        p.from().id(),
                        result);
            }
            case InboundUpdate.RefundedPayment r -> refunds.onRefundedPayment(r);
            case InboundUpdate.TextMessage m -> {
                remember(m.from());
                conversation.onText(m);
            }
            case InboundUpdate.CallbackQuery c -> {
                remember(c.from());
                conversation.onCallback(c);
                try {
                    api.answerCallbackQuery(c.callbackQueryId(), null, false);
                } catch (BotApiException e) {
                    // Only stops the button's spinner; the reply itself is queued already.
                    LOG.log(System.Logger.Level.DEBUG, "answerCallbackQuery: {0}", e.getMessage());
                }
            }
            case InboundUpdate.Ignored i -> {}
        }
    }

    /**
     * A transient failure is thrown so the update is retried (the player's form still waits, up to 10 s); a refusal
     * (the query is too old, or was answered before) will not change, and the hold simply expires.
     */
    private void answer(InboundUpdate.PreCheckout q, boolean ok, String message) {
        try {
            api.answerPreCheckoutQuery(q.queryId(), ok, message);
        } catch (BotApiException e) {
            if (e.transientFailure()) {
                throw e;
            }
            LOG.log(System.Logger.Level.WARNING, "Pre-checkout {0} answer refused: {1}", q.queryId(), e.getMessage());
        }
    }

    private void remember(TelegramUser user) {
        tx.execute(t -> BotConversation.rememberPlayer(t, user));
    }
}
