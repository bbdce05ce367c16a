import type { Order } from "./types";
import "./OrderSwitch.css";

const orders: readonly [Order, string][] = [["votes", "Most votes"], ["newest", "Newest"], ["fair", "Fair"]];

type Props = { order: Order; explanation: string; onChange: (o: Order) => void };

/**
 * How the queue is ordered: three pressed-or-not buttons, and under them
 * the server's one sentence on how the fair order works, so a moderator
 * knows what "Fair" does before choosing it.
 */
export function OrderSwitch({ order, explanation, onChange }: Props) {
  return (
    <div class="order-switch">
      <div class="order-switch__buttons" role="group" aria-labelledby="order-switch-label" aria-describedby="order-switch-explanation">
        <span id="order-switch-label" class="order-switch__label">Order</span>
        {orders.map(([value, text]) => (
          <button key={value} type="button" class="secondary" aria-pressed={order === value ? "true" : "false"}
            onClick={() => order !== value && onChange(value)}>{text}</button>
        ))}
      </div>
      <p id="order-switch-explanation" class="order-switch__explanation">{explanation}</p>
    </div>
  );
}
